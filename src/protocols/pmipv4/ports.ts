/** RFC 5944 §3.3: registration messages, revocations and their answers use UDP port 434 (mobileip-agent). */
export const MIP_PORT = 434;
