import { cookies } from "next/headers";

import { TIME_ZONE_COOKIE, TimeZoneProvider } from "@/components/ui/time";

/** Server side of TimeZoneProvider: the zone the viewer's browser last reported, from its cookie. */
export async function ViewerTimeZone({ children }: { children: React.ReactNode }) {
  const zone = (await cookies()).get(TIME_ZONE_COOKIE)?.value;
  return <TimeZoneProvider zone={zone ? decodeURIComponent(zone) : undefined}>{children}</TimeZoneProvider>;
}
