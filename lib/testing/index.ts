/**
 * Testing tools Switchboard serves itself: the chaos receiver. This index is the domain's public face.
 */

export { CHAOS_LIMITS, CHAOS_PARAMETERS, type ChaosPlan, chaosResponse, parseChaosQuery } from "./chaos";
