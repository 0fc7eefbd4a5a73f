import { FilterTabs } from "@/components/list-page/filter-tabs";
import { DASHBOARD_RANGES, type DashboardRange } from "@/lib/monitoring/dashboards";

/** 1 h / 24 h / 7 d / 30 d as links that set `?range=` on `path`, keeping its other parameters. */
export function RangeTabs({ path, range, params = {} }: { path: string; range: DashboardRange; params?: Record<string, string | undefined> }) {
  const href = (r: string) => `${path}?${new URLSearchParams({ ...Object.fromEntries(Object.entries(params).filter((e): e is [string, string] => Boolean(e[1]))), range: r })}`;
  return <FilterTabs label="Time range" items={Object.keys(DASHBOARD_RANGES).map((r) => ({ label: r.replace(/(\d+)/, "$1 "), href: href(r), current: r === range }))} />;
}
