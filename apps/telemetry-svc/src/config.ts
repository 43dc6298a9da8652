import {
  baseShape,
  infraShape,
  serviceShape,
  SERVICES,
  type ConfigOf,
  type ConfigSpec,
} from '@trafficshare/config';

const shape = {
  ...baseShape,
  ...infraShape,
  ...serviceShape(SERVICES['telemetry-svc']),
};

export const configSpec: ConfigSpec<typeof shape> = {
  app: 'telemetry-svc',
  shape,
};

export type AppConfig = ConfigOf<typeof shape>;
