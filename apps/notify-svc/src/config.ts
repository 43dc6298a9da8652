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
  ...serviceShape(SERVICES['notify-svc']),
};

export const configSpec: ConfigSpec<typeof shape> = {
  app: 'notify-svc',
  shape,
};

export type AppConfig = ConfigOf<typeof shape>;
