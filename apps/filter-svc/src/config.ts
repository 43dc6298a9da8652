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
  ...serviceShape(SERVICES['filter-svc']),
};

export const configSpec: ConfigSpec<typeof shape> = {
  app: 'filter-svc',
  shape,
};

export type AppConfig = ConfigOf<typeof shape>;
