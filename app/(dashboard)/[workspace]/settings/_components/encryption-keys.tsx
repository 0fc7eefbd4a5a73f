import { Badge } from "@/components/ui/badge";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import type { SealedKeyCounts } from "@/lib/platform/reencrypt";

/**
 * Where a rotation of ENCRYPTION_KEYS stands: this server's sealed values counted by the key that sealed them. Key
 * ids only; key material never leaves lib/platform/env.ts.
 */
export function EncryptionKeysCard({ configuredKeyIds, counts }: { configuredKeyIds: string[]; counts: SealedKeyCounts }) {
  const found = counts.columns.flatMap((c) => c.byKey.map((k) => k.keyId));
  const keyIds = [...new Set([...configuredKeyIds, ...found])];
  const older = configuredKeyIds.filter((id) => id !== counts.activeKeyId);
  return (
    <Card>
      <CardHeader>
        <CardTitle>Encryption keys</CardTitle>
        <CardDescription>
          Secrets at rest are sealed under the first key of <code className="text-xs">ENCRYPTION_KEYS</code>. After a new key is put first, the
          hourly re-encryption job re-seals the older values under it.
        </CardDescription>
      </CardHeader>
      <CardContent className="space-y-4 text-sm">
        <p data-testid="reencryption-status">
          {counts.remaining === 0
            ? `Every sealed value is under ${counts.activeKeyId}.${older.length > 0 ? ` ${older.join(", ")} can be removed from ENCRYPTION_KEYS.` : ""}`
            : `${counts.remaining} sealed ${counts.remaining === 1 ? "value remains" : "values remain"} under older keys; keep them in ENCRYPTION_KEYS until this reaches 0.`}
        </p>
        <Table>
          <TableHeader>
            <TableRow>
              <TableHead>Sealed values</TableHead>
              {keyIds.map((id) => (
                <TableHead key={id} className="text-right">
                  <code className="text-xs">{id}</code>
                  {id === counts.activeKeyId ? <Badge className="ml-2">current</Badge> : null}
                  {!configuredKeyIds.includes(id) ? <Badge variant="destructive" className="ml-2">not configured</Badge> : null}
                </TableHead>
              ))}
            </TableRow>
          </TableHeader>
          <TableBody>
            {counts.columns.map((column) => (
              <TableRow key={column.label} data-testid="sealed-column-row">
                <TableCell>{column.label}</TableCell>
                {keyIds.map((id) => (
                  <TableCell key={id} className="text-right tabular-nums">
                    {column.byKey.find((k) => k.keyId === id)?.rows ?? 0}
                  </TableCell>
                ))}
              </TableRow>
            ))}
          </TableBody>
        </Table>
      </CardContent>
    </Card>
  );
}
