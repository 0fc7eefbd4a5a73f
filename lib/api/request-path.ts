/**
 * The request header the proxy sets to the path being rendered. Layouts are not told which child page they render,
 * so the workspace layout reads this to answer 404 for an unknown detail page before the response starts streaming.
 * The proxy always overwrites it, so a client cannot choose its value.
 */
export const PATHNAME_HEADER = "x-switchboard-pathname";
