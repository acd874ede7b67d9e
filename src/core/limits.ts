/**
 * How much one name, one object and one message may carry: the agent skips what goes beyond
 * (with a warning naming the object) and the worker, the last line of defence, never puts more
 * on the wire. One owner so both ends agree (README, "Security").
 *
 * The numbers keep the largest legal answer (ANY at a name holding every cap) well inside one
 * DNS message, and a query's CPU inside the free plan's 10 ms.
 */

/** RFC 1035 §4.2.2: the two-octet length prefix bounds a DNS message. */
export const MAX_MESSAGE_OCTETS = 65_535

/** Addresses one name serves per family (A, AAAA); a Service rarely has more than a few. */
export const MAX_ADDRESSES_PER_FAMILY = 64

/** TXT values one name serves. */
export const MAX_TXT_VALUES = 16

/** UTF-8 octets of all TXT values of one name together (split into 255-octet strings on the wire). */
export const MAX_TXT_OCTETS = 4096

/** Hostnames one object may claim (Ingress rules, route hostnames, DNSEndpoint endpoints, ...). */
export const MAX_HOSTNAMES_PER_OBJECT = 100

/** RFC 1035 §2.3.4: a name is at most 255 octets on the wire, 253 characters in text. */
export const MAX_NAME_OCTETS = 255

/** RFC 1035 §2.3.4: a label is at most 63 octets. */
export const MAX_LABEL_OCTETS = 63

/** One TXT character-string carries at most 255 octets (RFC 1035 §3.3.14). */
export const TXT_STRING_OCTETS = 255

/**
 * MX, SRV, CAA and PTR records one name serves, per type. Several names pointing at one address
 * give its PTR name one record each, so this also bounds what a crowded address answers.
 */
export const MAX_RECORDS_PER_TYPE = 16

/** UTF-8 octets of one CAA value (RFC 8659 §4.1 leaves it to the RDATA length; issuers are short). */
export const MAX_CAA_VALUE_OCTETS = 255

/** RFC 2181 §8: a TTL is at most 2^31 - 1 seconds; a DNSEndpoint's `recordTTL` is held to it. */
export const MAX_TTL = 2_147_483_647
