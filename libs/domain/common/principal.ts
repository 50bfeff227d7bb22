/** Who is calling: the role of the token decides what is visible. */
export type Principal =
  | { readonly kind: 'admin' }
  | { readonly kind: 'partner'; readonly partner: string; readonly keyId: string }
  | { readonly kind: 'account'; readonly accountId: string; readonly keyId: string };

export type AccountPrincipal = Extract<Principal, { kind: 'account' }>;
export type PartnerPrincipal = Extract<Principal, { kind: 'partner' }>;
