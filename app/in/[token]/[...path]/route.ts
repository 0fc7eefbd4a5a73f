// ANY /in/<token>/<path> - the inbound receiver for senders that append a path; the suffix is kept with the request
export { DELETE, GET, PATCH, POST, PUT } from "../route";
