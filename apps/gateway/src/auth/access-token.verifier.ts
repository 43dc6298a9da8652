// The verifier lives in @trafficshare/identity (the relay verifies device tokens with it too).
export {
  AccessTokenVerifier,
  type ExpectedClaims,
  type VerifyFailure,
} from '@trafficshare/identity';
