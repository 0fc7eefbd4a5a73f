import { describe, expect, it } from "vitest";
import { ALL_PERMISSIONS, can, canManageRole, permissionsOf, ROLES, type Permission, type Role } from "@/lib/auth/permissions";

// The expected matrix, written out independently of the implementation's construction.
const ADMIN_ONLY: Permission[] = ["workspace:write", "members:write", "settings:write", "audit:read", "audit:write"];

function expected(role: Role, permission: Permission): boolean {
  if (role === "owner" || role === "admin") return true;
  if (permission === "audit:read" || permission === "audit:write") return false;
  if (permission.endsWith(":read")) return true;
  if (role === "viewer") return false;
  return !ADMIN_ONLY.includes(permission);
}

describe("permission map", () => {
  for (const role of ROLES) {
    for (const permission of ALL_PERMISSIONS) {
      it(`${role} ${expected(role, permission) ? "may" : "may not"} ${permission}`, () => {
        expect(can(role, permission)).toBe(expected(role, permission));
      });
    }
  }

  it("covers every resource with read and write", () => {
    expect(ALL_PERMISSIONS).toHaveLength(28);
    expect(ALL_PERMISSIONS).toContain("alerts:write");
    expect(ALL_PERMISSIONS).toContain("keys:write");
    expect(ALL_PERMISSIONS).toContain("endpoints:read");
  });

  it("a viewer can read but change nothing", () => {
    expect(ALL_PERMISSIONS.filter((p) => p.endsWith(":write")).some((p) => can("viewer", p))).toBe(false);
  });

  it("only owners grant ownership; admins manage everyone but owners", () => {
    const canManage = (actor: Role, target: Role) => canManageRole(permissionsOf(actor), target);
    expect(canManage("owner", "owner")).toBe(true);
    expect(canManage("admin", "owner")).toBe(false);
    expect(canManage("admin", "admin")).toBe(true);
    expect(canManage("developer", "viewer")).toBe(false);
    expect(canManage("admin", "developer")).toBe(true);
    expect(canManage("viewer", "viewer")).toBe(false);
    expect(can("owner", "owners:write")).toBe(true);
    expect(ROLES.filter((r) => can(r, "owners:write"))).toEqual(["owner"]);
  });
});
