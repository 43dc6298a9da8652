// Tracing first: it must patch http and grpc before they are loaded.
import './tracing';

import { runMain } from '@trafficshare/service-kit';

import { boot } from './boot';

runMain('auth-svc', () => boot());
