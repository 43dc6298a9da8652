// Re-exported under kit-local names so the bootstrap reads top-down.
export {
  createHealth as createGrpcServerHealth,
  grpcServerOptions,
  GrpcExceptionFilter,
  GrpcHealthChecker,
} from '@trafficshare/grpc';
