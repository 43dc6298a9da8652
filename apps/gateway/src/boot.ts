export {
  bootstrapGateway as boot,
  type GatewayBootOptions as BootOptions,
  type RunningGateway,
} from './bootstrap';
