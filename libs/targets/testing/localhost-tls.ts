/**
 * A self-signed certificate for `localhost` (EC P-256, valid until 2126) and its key, for specs that
 * need a TLS server. Test-only and published on purpose: nothing trusts it, which is what a spec
 * checking that certificates are verified wants.
 */
export const LOCALHOST_TLS = {
  key: `-----BEGIN PRIVATE KEY-----
MIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQguKl3dM3GSOyC2695
n4irHUyy0Y8CXEAJkISowEYxlxyhRANCAAQgBTBEs46nvFrw7x44G8wrJEm7L9mW
hGtvVLEmc+FKU/L9mMjBOaWyXNyGm65u8rhMbdrRUt9kY2jmoxuWNHg9
-----END PRIVATE KEY-----
`,
  cert: `-----BEGIN CERTIFICATE-----
MIIBlTCCATugAwIBAgIUYY0rBwwqvanFUjT5fIET9wwCMAUwCgYIKoZIzj0EAwIw
FDESMBAGA1UEAwwJbG9jYWxob3N0MCAXDTI2MTEyODEwMzMxNloYDzIxMjYxMTA0
MTAzMzE2WjAUMRIwEAYDVQQDDAlsb2NhbGhvc3QwWTATBgcqhkjOPQIBBggqhkjO
PQMBBwNCAAQgBTBEs46nvFrw7x44G8wrJEm7L9mWhGtvVLEmc+FKU/L9mMjBOaWy
XNyGm65u8rhMbdrRUt9kY2jmoxuWNHg9o2kwZzAdBgNVHQ4EFgQU8kvdLpR/hnEZ
KHvx6Hgl3wz3WQEwHwYDVR0jBBgwFoAU8kvdLpR/hnEZKHvx6Hgl3wz3WQEwDwYD
VR0TAQH/BAUwAwEB/zAUBgNVHREEDTALgglsb2NhbGhvc3QwCgYIKoZIzj0EAwID
SAAwRQIhAInphfkBmtS7BqPgm6OLgfOjvVkakRLlz1QZ9hULkPxtAiB0hPbc3+S2
bRLLotoB1sGwjmdjUClbjhceRTU+KD1iSA==
-----END CERTIFICATE-----
`,
} as const;
