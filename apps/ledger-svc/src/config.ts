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
  ...serviceShape(SERVICES['ledger-svc']),
};

export const configSpec: ConfigSpec<typeof shape> = {
  app: 'ledger-svc',
  shape,
};

export type AppConfig = ConfigOf<typeof shape>;
