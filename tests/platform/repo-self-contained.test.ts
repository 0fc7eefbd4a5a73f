import { existsSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

// A contributor's clone has only the repository: nothing may point at files beside it (the workspace's ../shared).
const root = path.resolve(import.meta.dirname, "../..");

function filesUnder(dir: string): string[] {
  return readdirSync(path.join(root, dir), { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile() && /\.(ts|tsx|md|json)$/.test(entry.name))
    .map((entry) => path.relative(root, path.join(entry.parentPath, entry.name)));
}

describe("the repository is self-contained", () => {
  it("no test, doc or README reads a file outside the repository", () => {
    const outside = ["README.md", ...filesUnder("tests"), ...filesUnder("docs")]
      .filter((file) => file !== "tests/platform/repo-self-contained.test.ts")
      .filter((file) => /\.\.\/shared\//.test(readFileSync(path.join(root, file), "utf8")));
    expect(outside).toEqual([]);
  });

  it("the README links the architecture page and the signature vectors are in tests/fixtures", () => {
    expect(readFileSync(path.join(root, "README.md"), "utf8")).toContain("](docs/architecture.md)");
    expect(existsSync(path.join(root, "docs/architecture.md"))).toBe(true);
    const fixtures = readFileSync(path.join(root, "tests/fixtures/README.md"), "utf8");
    for (const set of Object.keys(JSON.parse(readFileSync(path.join(root, "tests/fixtures/vectors/signatures.json"), "utf8"))).filter((k) => k !== "about")) {
      expect(fixtures, `tests/fixtures/README.md says where "${set}" comes from`).toContain(`\`${set}\``);
    }
  });
});
