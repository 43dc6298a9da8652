// Tracing first: it must patch http and grpc before they are loaded.
import './tracing';

import { runMain } from '@trafficshare/service-kit';

import { bootstrapGateway } from './bootstrap';

runMain('gateway', () => bootstrapGateway());
