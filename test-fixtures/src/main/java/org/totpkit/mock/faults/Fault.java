package org.totpkit.mock.faults;

/**
 * Deliberate contract violations, each a bug a vendor could ship. A server started with one of
 * these is broken on purpose, so that a test can prove the conformance kit notices. They live in
 * the test-fixtures module, outside the product: {@code new BrokenParts(faults)} is the {@link
 * org.totpkit.mock.ServerParts} to start a server with.
 */
public enum Fault {
  /** Any 6 to 9 character code verifies. */
  ACCEPT_ANY_CODE,
  /** Only the current step's code verifies. */
  SKEW_0,
  /** Codes of steps T-2..T+2 verify. */
  SKEW_2,
  /** A verified registration verifies again. */
  SECOND_VERIFY_SUCCEEDS,
  /** {@code details.owner} is the organization id as a plain string. */
  OWNER_AS_STRING,
  /** Error bodies are {@code {"error": "..."}} instead of rpcStatus. */
  ERROR_BODY_NOT_RPC_STATUS,
  /** A permission failure is answered as 404 with code 5. */
  FORBIDDEN_AS_NOT_FOUND,
  /** Every request acts as the user it addresses, with or without a token. */
  AUTH_IGNORED,
  /** Codes are compared as integers: leading zeros, signs and non-ASCII digits slip through. */
  NUMERIC_CODE_COMPARISON,
  /** Verify reads, checks, then writes without holding the registration: replays race through. */
  CHECK_THEN_SET_RACE,

  /**
   * Only the user may manage its own TOTP: permissions held in the user's organization count for
   * nothing.
   */
  ORG_PERMISSIONS_IGNORED,
  /** The secret is issued in lower-case Base32 (response and Key URI alike). */
  SECRET_LOWER_CASE,
  /**
   * The secret is 10 random bytes (80 bits), consistently in the response, the URI and the
   * verifier.
   */
  SECRET_80_BITS,
  /** The secret is made once per server: every registration gets the first one. */
  SAME_SECRET_FOR_EVERY_REGISTRATION,
  /** The Key URI says {@code digits=8} while the verifier enforces the registration's digits. */
  KEY_URI_DIGITS_DISAGREE,
  /** The Key URI is built from constants (SHA1, 6 digits, 30 s, ZITADEL), not from the policy. */
  KEY_URI_FROM_DEFAULTS,
  /** Remove answers 200 but keeps the registration. */
  REMOVE_KEEPS_REGISTRATION,
  /** Remove only looks at pending registrations: a verified one is "not found". */
  VERIFIED_CANNOT_BE_REMOVED,
  /**
   * The verify body is decoded leniently: {@code {"code":"..."}} and a JSON number are accepted.
   */
  LENIENT_CODE_BODY,
  /** The caller is authenticated before the body is decoded (401 where the contract says 400). */
  AUTH_BEFORE_BODY,
  /** The lockout policy is never enforced on registration verify. */
  NEVER_LOCKS,
  /** Retry-After is written in milliseconds. */
  RETRY_AFTER_IN_MILLISECONDS,
  /** A lock never ends on its own: once locked, a registration answers 429 until it is removed. */
  LOCK_NEVER_ENDS,
  /**
   * When a lock ends the count of failures carries on from the limit, so one more failure locks.
   */
  FAILURES_NOT_RESET_AFTER_LOCK,
  /** Every wrong code counts as two failures, so a registration locks below the limit. */
  FAILURES_COUNTED_TWICE,
  /** An unknown user is answered 403 (permission checked before the user is looked up). */
  UNKNOWN_USER_AS_FORBIDDEN,
  /** An unknown registration id is answered 400 with code 3 instead of 404 with code 5. */
  UNKNOWN_REGISTRATION_AS_BAD_REQUEST,
  /** Registrations are found by totpId alone: any user can verify another user's registration. */
  OWNER_NOT_CHECKED,
  /** The verifier always uses HMAC-SHA1, whatever the registration's algorithm. */
  ALGORITHM_IGNORED,
  /** The verifier always expects 6 digits, whatever the registration's digits. */
  DIGITS_IGNORED,
  /** The expected code is an integer turned into text: its leading zeros are lost. */
  CODES_NOT_ZERO_PADDED,
  /** A power-of-ten table that stops at 10^8: 9-digit codes are 8-digit ones with a leading 0. */
  NINE_DIGITS_AS_EIGHT,
  /** A start request with a body is refused (400), where the contract ignores the body. */
  START_BODY_REFUSED,
  /** The instance and organization query parameters are ignored: any scope is served. */
  SCOPE_IGNORED,
  /** {@code organization.org_id} is misread, so the user's own organization is not found. */
  SNAKE_CASE_SCOPE_MISREAD,
  /** Either permission allows all three operations (remove needs user.write alone). */
  PERMISSIONS_INTERCHANGEABLE,
  /** A permission in any organization counts: a caller holding one acts on every user. */
  PERMISSIONS_IN_ANY_ORGANIZATION,
  /** Ids are not checked for length: a 201-character id is looked up (and not found). */
  ID_LENGTH_NOT_CHECKED,
  /** pendingTtlSeconds is not enforced: a pending registration lives for ever. */
  PENDING_NEVER_EXPIRES,
  /** The time to live applies to verified registrations too: they vanish after it. */
  VERIFIED_REGISTRATIONS_EXPIRE,
  /** Rows 5 and 6 name their ID in the message but carry no ErrorDetail. */
  AUTH_ERRORS_WITHOUT_DETAIL,
  /** Errors without an ID (routing, decoding, auth header missing, field rules) carry a detail. */
  DETAIL_ON_ERRORS_WITHOUT_ID,
  /** On gRPC, gRPC-Web and Connect, an invalid-argument error (code 3) says code 13 (internal). */
  RPC_INVALID_ARGUMENT_AS_INTERNAL,
  /** On gRPC, gRPC-Web and Connect, no error carries its ErrorDetail (REST still does). */
  RPC_ERRORS_WITHOUT_DETAIL,
  /** The gRPC-Web trailer frame has the flag of a message frame (0x00) instead of 0x80. */
  GRPC_WEB_TRAILER_FRAME_AS_MESSAGE,
  /**
   * On gRPC, gRPC-Web and Connect, a request with a field the message does not have (an unknown
   * field number, or a JSON key) is refused as a message that does not decode.
   */
  RPC_UNKNOWN_FIELDS_REFUSED,

  // --- one v3alpha clause each, for the clauses no fault proved (ClauseFaultProofTest) ---

  /** REST: every success is answered 201 instead of 200 (the body is right). */
  SUCCESS_AS_201,
  /** REST: a 401 carries no WWW-Authenticate header. */
  UNAUTHENTICATED_WITHOUT_CHALLENGE,
  /** REST: a known path with the wrong method is answered as an unrouted path (404, code 5). */
  WRONG_METHOD_AS_NOT_FOUND,
  /** REST: an unrouted path is answered as a wrong method (405, code 12). */
  UNROUTED_AS_WRONG_METHOD,
  /** REST: the start response names the registration {@code totp_id}, not {@code totpId}. */
  JSON_NAMES_SNAKE_CASE,
  /** The start response's {@code details.id} is the registration's id, not the user's. */
  DETAILS_ID_IS_THE_REGISTRATION,
  /**
   * Remove finds a registration by totpId alone: a user removes another user's registration (verify
   * still compares the owner).
   */
  REMOVE_OWNER_NOT_CHECKED,
  /**
   * Start is refused (400, code 9) while the user holds a verified registration: one TOTP per user
   * once one is verified.
   */
  START_REFUSED_OVER_A_VERIFIED_REGISTRATION,
  /** Start is refused (400, code 9) while the user holds a pending registration. */
  START_REFUSED_OVER_A_PENDING_REGISTRATION,
  /** REST: {@code details.changed} is the user's creation time, not this change's. */
  DETAILS_CHANGED_IS_THE_CREATION,
  /** REST: {@code details.created} is this change's time, not the user's creation. */
  DETAILS_CREATED_IS_THE_CHANGE,
  /**
   * REST: {@code details} timestamps are written as Jackson's ISO form does, trailing zeros of the
   * fraction dropped ({@code .12Z}), not as protojson writes them ({@code .120Z}).
   */
  DETAILS_TIMES_NOT_AS_PROTOJSON,
  /** REST: a verify body with a character outside ASCII ends in a 500 (an unguarded decoder). */
  NON_ASCII_CODE_AS_SERVER_ERROR,
  /**
   * The lockout counts a user's failures over all of its registrations, not per registration: a
   * registration locks on failures of the user's other registrations.
   */
  LOCKOUT_COUNTED_PER_USER,
  /** On gRPC, gRPC-Web and Connect, the seconds left of a lock are written in milliseconds. */
  RPC_RETRY_AFTER_IN_MILLISECONDS,

  // The v2 dialect (ZITADEL's /v2/users/{userId}/totp…): each breaks one of its rules.

  /** v2: registering over a ready TOTP silently replaces it (200) instead of 409 COMMAND-do9se. */
  V2_READY_REGISTER_SUCCEEDS,
  /** v2: registering over a ready TOTP answers COMMAND-do9se with code 9 (400), not 6 (409). */
  V2_READY_REGISTER_AS_FAILED_PRECONDITION,
  /** v2: registering again while pending answers the pending TOTP again, not a new one. */
  V2_PENDING_NOT_REPLACED,
  /** v2: whitespace around a code is not trimmed: " 123456 " is a wrong code. */
  V2_CODE_NOT_TRIMMED,
  /** v2: a code whose length is not 6 breaks a field rule (400/3 without ID), not EVENT-8isk2. */
  V2_LENGTH_AS_FIELD_RULE,
  /** v2: after 5 wrong codes the TOTP is locked: even the right code is a wrong code. */
  V2_LOCKS_AFTER_WRONG_CODES,
  /** v2: remove checks the permission before it looks the TOTP up. */
  V2_REMOVE_CHECKS_PERMISSION_FIRST,
  /** v2: a caller with no membership is answered 403 AUTH-AWfge, not 404 AUTHZ-cdgFk. */
  V2_NO_MEMBERSHIP_AS_FORBIDDEN,
  /** v2: a member without the permission is answered 404 AUTHZ-cdgFk, not 403 AUTH-AWfge. */
  V2_FORBIDDEN_AS_NO_MEMBERSHIP,
  /** v2: details.sequence stays at 1 whatever changes. */
  V2_SEQUENCE_NOT_INCREMENTED,
  /** v2 REST: details.sequence is a JSON number, not the string protojson writes for a uint64. */
  V2_SEQUENCE_AS_NUMBER,
  /** v2: details.creationDate is set (to the change date). */
  V2_CREATION_DATE_SET,
  /** v2: details.resourceOwner is the user's id, not its organization's. */
  V2_RESOURCE_OWNER_IS_THE_USER,
  /** v2: details.changeDate is an hour ahead of the server's clock (a time-zone bug). */
  V2_CHANGE_DATE_AN_HOUR_AHEAD,
  /** v2: a right code sent again within seconds of the one that verified verifies again. */
  V2_REPLAYS_VERIFY_AGAIN,
  /** v2: registering for an unknown user answers 404 COMMAND-4g3xq, not 400/9 COMMAND-SqyJz. */
  V2_REGISTER_UNKNOWN_USER_AS_NOT_FOUND,
  /** v2: remove answers 200 and the user is given a new pending TOTP at once. */
  V2_REMOVE_KEEPS_A_TOTP,
  /** v2: a user may not manage its own TOTP with its own token (403). */
  V2_SELF_SERVICE_REFUSED,
  /** v2: codes and user ids longer than 200 characters, or an empty code, are wrong codes. */
  V2_FIELD_RULES_NOT_CHECKED,
  /** v2: no error carries its ErrorDetail, on any transport. */
  V2_ERRORS_WITHOUT_DETAIL,
  /** v2 REST: a request body with a field the contract does not have is refused (400). */
  V2_UNKNOWN_JSON_FIELDS_REFUSED,
  /** v2 REST: a known path with the wrong method is answered 404, not 405. */
  V2_WRONG_METHOD_AS_NOT_FOUND,
  /** v2 over RPC: an unknown service or method is answered NOT_FOUND (5), not UNIMPLEMENTED. */
  V2_RPC_UNIMPLEMENTED_AS_NOT_FOUND,

  // --- the order of the error table (issue 19 §2), each swaps two adjacent checks. ---

  /**
   * Both dialects, every transport: the field rules are checked before authentication, so a request
   * with a bad token and a user id of 201 characters is a 400 instead of a 401.
   */
  ORDER_AUTH_AFTER_FIELD_RULES,
  /**
   * Both dialects, every transport: the caller's permission is checked before the user is looked
   * up, so another end user addressing an unknown user is refused 403 instead of told (v3alpha 404
   * COMMAND-4g3xq; v2 register 400 COMMAND-SqyJz, verify 404 COMMAND-4g3xq).
   */
  ORDER_PERMISSION_BEFORE_USER,
  /**
   * v2, every transport: VerifyTOTPRegistration looks the TOTP up before the permission (as
   * RemoveTOTP rightly does), so a caller without the permission learns that the user has no TOTP.
   */
  ORDER_V2_TOTP_BEFORE_PERMISSION,
  /**
   * v3alpha over REST: verify and remove look the registration up before the permission, so a
   * caller without the permission learns that the user has no such registration (404 instead of
   * 403). (No seam before the domain sees the totpId on the RPC transports.)
   */
  ORDER_REGISTRATION_BEFORE_PERMISSION,

  // --- one fault each for the RPC, content-type, totpId and clock clauses ---

  /**
   * REST: every answer of the API is labelled {@code text/plain}, its JSON body unchanged (the
   * contract says application/json).
   */
  REST_JSON_AS_TEXT_PLAIN,
  /**
   * REST: the totpId is issued as {@code t} and the digits ({@code t42}); the server finds the
   * registration under either, so only the form of the id breaks the contract.
   */
  TOTP_ID_NOT_DECIMAL,
  /**
   * The verifier reads a clock of its own that runs on real time: the hooks still freeze, shift and
   * advance the server clock (what the hooks report and the lockout use), but not the window.
   */
  VERIFIER_IGNORES_SERVER_CLOCK,
  /**
   * On gRPC, gRPC-Web and Connect, VerifyTOTPRegistration is not served under its name (its
   * requests are refused as messages that do not decode).
   */
  RPC_VERIFY_NOT_SERVED,
  /**
   * On gRPC, gRPC-Web and Connect, StartTOTPRegistrationResponse carries the totpId under field
   * number 12 instead of 2.
   */
  RPC_TOTP_ID_RENUMBERED,
  /** gRPC-Web: the trailers of a 401 (grpc-status 16) carry {@code www-authenticate: Bearer}. */
  RPC_UNAUTHENTICATED_WITH_CHALLENGE,
  /**
   * Connect: a call to a service or method the contract does not have is answered HTTP 501 with
   * code unimplemented, not as the unknown path it is (404).
   */
  CONNECT_UNKNOWN_METHOD_AS_501,
  /**
   * On gRPC, gRPC-Web and Connect, an organization whose org_id is set to the empty string is taken
   * as given: an organization no user is in, so the call is not found (row 8).
   */
  RPC_EMPTY_ONEOF_AS_GIVEN,

  // --- one v2 clause each, so that every v2 clause has a server that breaks it ---

  /** v2: verify for an unknown user answers COMMAND-3Mif9s (no TOTP), not COMMAND-4g3xq. */
  V2_VERIFY_UNKNOWN_USER_AS_NO_TOTP,
  /** v2: verify of a user without a TOTP answers EVENT-8isk2 (wrong code), not COMMAND-3Mif9s. */
  V2_VERIFY_NO_TOTP_AS_WRONG_CODE,
  /** v2: register checks the permission before it looks the user up. */
  V2_REGISTER_CHECKS_PERMISSION_FIRST,
  /** v2: verify tells a caller without the permission the state of the TOTP first. */
  V2_VERIFY_STATE_BEFORE_PERMISSION,
  /**
   * v2: the TOTP is looked up without its user: verify and remove of a user without one act on the
   * TOTP another user registered last.
   */
  V2_TOTP_LOOKUP_IGNORES_USER,
  /** v2: the ready message is v3alpha's text, not the raw key Errors.Users.MFA.OTP.AlreadyReady. */
  V2_READY_TEXT_TRANSLATED,
  /** v2: the secret is issued in lower-case Base32 (response and Key URI alike). */
  V2_SECRET_LOWER_CASE,
  /** v2: register answers no Key URI. */
  V2_REGISTER_WITHOUT_URI,
  /**
   * v2: a user id or code is measured in UTF-16 units, so characters outside the Basic Multilingual
   * Plane count twice against the 200 of the field rules.
   */
  V2_FIELD_RULES_IN_UTF16_UNITS,
  /** v2 REST: verify and remove answer an empty object, without details. */
  V2_REST_ANSWERS_WITHOUT_DETAILS,
  /** v2 REST: a success is HTTP 201, not 200. */
  V2_REST_SUCCESS_AS_201,
  /** v2 REST: changeDate is written with {@code +00:00} and milliseconds, not as protojson. */
  V2_REST_CHANGE_DATE_NOT_PROTOJSON,
  /**
   * v2 REST: bodies are parsed leniently (single quotes, trailing commas) and a code or user id
   * that is a number, boolean, object or array is taken as its text.
   */
  V2_REST_LENIENT_BODY,
  /** v2 REST: a path under /v2/ that matches no route is answered 405, not 404. */
  V2_REST_NO_ROUTE_AS_WRONG_METHOD,
  /** v2 REST: a userId in the body wins over the path's. */
  V2_REST_BODY_USER_ID_WINS,
  /** v2 over RPC: RegisterTOTPResponse carries the secret as field 2 and the URI as field 3. */
  V2_RPC_URI_AND_SECRET_SWAPPED,
  /** v2 over RPC: the RemoveTOTP method is not served (its requests never decode). */
  V2_RPC_REMOVE_NOT_SERVED,

  // --- the rendering of grpc-message (issue 19, RPC rendering) ---
  /**
   * gRPC and gRPC-Web: grpc-message is the status message as it is, not percent-encoded (a '%' or a
   * non-ASCII character reaches the wire raw).
   */
  GRPC_MESSAGE_NOT_PERCENT_ENCODED,
  /** gRPC and gRPC-Web: grpc-message is percent-encoded twice ('%' becomes "%2525"). */
  GRPC_MESSAGE_PERCENT_ENCODED_TWICE,

  // --- the OTP policy and the lockout, field by field (issue 19) ---
  /**
   * REST: a verify whose code is too short for the field rule (row 7) counts as a failed attempt
   * towards the lockout, as a wrong code (row 14) does; the answer is still row 7.
   */
  FIELD_RULE_FAILURES_COUNTED,
  /**
   * Start ignores the policy's skew: every registration keeps the default window of one step either
   * side, whatever the policy says.
   */
  POLICY_SKEW_IGNORED_AT_START,
  /**
   * The Key URI names the default issuer (ZITADEL), in its label and its issuer parameter, instead
   * of the policy's; everything else follows the policy.
   */
  KEY_URI_ISSUER_FROM_DEFAULTS,
  /**
   * Start ignores the policy's period: every registration steps every 30 seconds, while the Key URI
   * still names the policy's period.
   */
  POLICY_PERIOD_IGNORED_AT_START,
  /**
   * The store refuses a registration (too many for the user) while the user holds a pending one:
   * start beside a pending registration fails on every transport, not only REST.
   */
  STORE_REFUSES_START_BESIDE_A_PENDING_REGISTRATION,
  /**
   * The store refuses a registration (too many for the user) while the user holds a verified one:
   * start beside a verified registration fails on every transport, not only REST.
   */
  STORE_REFUSES_START_BESIDE_A_VERIFIED_REGISTRATION,
  // --- the v3alpha rule families (issue 19): field rules in code points ---
  /**
   * The user id's field rule counts UTF-16 units, not code points: a user id of 101..200 characters
   * outside the BMP is refused as too long (row 7) on every transport.
   */
  USER_ID_COUNTED_IN_UTF16_UNITS,
  /**
   * REST: a verify body of JSON true or false is decoded as the string "true" or "false", so it is
   * refused by the code's field rule (row 7) instead of as a body that does not decode (row 3).
   */
  BOOLEAN_CODE_BODY_AS_TEXT,
  /** Remove ignores the pending time to live: an expired registration is removed (200), not 404. */
  REMOVE_IGNORES_EXPIRY,
  /**
   * REST: the code's field rule counts UTF-16 units: a code of 6..9 characters outside the BMP is
   * refused as too long (row 7) instead of verified as a wrong code.
   */
  CODE_COUNTED_IN_UTF16_UNITS
}
