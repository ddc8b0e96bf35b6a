/**
 * Finding the Graph objects in an export: JSON files named on the command
 * line, or every `*.json` under a folder (EntraExporter writes one object per
 * file, `Identity/Conditional/AccessPolicies/<id>/<id>.json`). Each file holds
 * a single object or a `{ "value": [...] }` collection; each object is
 * recognised by its `@odata.type`, the collection's `@odata.context`, its
 * shape, or — for EntraExporter, which keeps neither — the folder it is in.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import type { Diagnostic } from '../scenario/diagnostics.ts';
import { readJson, type JsonDoc, type JsonPath } from './json.ts';

export type Kind =
  | 'methodsPolicy' | 'methodConfig' | 'conditionalAccessPolicy' | 'strength' | 'crossTenantDefault' | 'partner'
  | 'namedLocation' | 'group' | 'directoryRole' | 'application' | 'user' | 'passwordReset' | 'organization';

export interface Item {
  kind: Kind;
  doc: JsonDoc;
  /** Where the object is in its file's value. */
  path: JsonPath;
  value: Record<string, unknown>;
}

export interface Sources {
  items: Item[];
  errors: Diagnostic[];
  /** Files and objects that hold nothing regsim reads, with why. */
  unread: Array<{ file: string; line: number; col: number; what: string }>;
  files: number;
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const has = (o: Record<string, unknown>, ...keys: string[]) => keys.some((k) => Object.hasOwn(o, k));

/** Graph's `@odata.type` (with or without its leading `#`) → kind. */
function kindOfType(type: string): Kind | 'unknownMethod' | undefined {
  const t = type.replace(/^#?microsoft\.graph\./, '');
  if (t === 'authenticationMethodsPolicy') return 'methodsPolicy';
  if (/AuthenticationMethodConfiguration$/.test(t)) return 'methodConfig';
  if (t === 'conditionalAccessPolicy') return 'conditionalAccessPolicy';
  if (t === 'authenticationStrengthPolicy') return 'strength';
  if (t === 'crossTenantAccessPolicyConfigurationDefault') return 'crossTenantDefault';
  if (t === 'crossTenantAccessPolicyConfigurationPartner') return 'partner';
  if (t === 'ipNamedLocation' || t === 'countryNamedLocation') return 'namedLocation';
  if (t === 'group') return 'group';
  if (t === 'directoryRole' || t === 'unifiedRoleDefinition') return 'directoryRole';
  if (t === 'servicePrincipal' || t === 'application') return 'application';
  if (t === 'user') return 'user';
  if (t === 'organization') return 'organization';
  return undefined;
}

/** A collection's `@odata.context` (`…/$metadata#identity/conditionalAccess/policies`) → kind of its items. */
function kindOfContext(context: string): Kind | undefined {
  const c = context.replace(/^.*\$metadata#/, '').replace(/\/\$entity$/, '');
  if (/conditionalAccess\/policies/.test(c)) return 'conditionalAccessPolicy';
  if (/conditionalAccess\/namedLocations/.test(c)) return 'namedLocation';
  if (/authenticationStrengthPolicies/.test(c)) return 'strength';
  if (/crossTenantAccessPolicy\/partners/.test(c)) return 'partner';
  if (/crossTenantAccessPolicy\/default/.test(c)) return 'crossTenantDefault';
  if (/authenticationMethodConfigurations/.test(c)) return 'methodConfig';
  if (/authenticationMethodsPolicy$/.test(c)) return 'methodsPolicy';
  if (/^groups/.test(c)) return 'group';
  if (/^(directoryRoles|roleManagement\/directory\/roleDefinitions)/.test(c)) return 'directoryRole';
  if (/^(servicePrincipals|applications)/.test(c)) return 'application';
  if (/^users/.test(c)) return 'user';
  if (/^organization/.test(c)) return 'organization';
  return undefined;
}

/** EntraExporter keeps no `@odata` annotations: its folders say what a file holds. */
function kindOfFolder(file: string): Kind | undefined {
  const p = file.replace(/\\/g, '/');
  if (/\/AuthenticationMethodConfigurations\//.test(p)) return 'methodConfig';
  if (/\/Conditional\/AccessPolicies\//.test(p)) return 'conditionalAccessPolicy';
  if (/\/Conditional\/NamedLocations\//.test(p)) return 'namedLocation';
  if (/\/CrossTenantAccessPolicy\/Partners\//.test(p)) return 'partner';
  if (/\/CrossTenantAccessPolicy\/Default\//.test(p)) return 'crossTenantDefault';
  if (/(^|\/)Groups\//.test(p)) return 'group';
  if (/(^|\/)DirectoryRoles\//.test(p)) return 'directoryRole';
  return undefined;
}

/** What the object's own properties say it is. */
function kindOfShape(o: Record<string, unknown>): Kind | undefined {
  if (has(o, 'numberOfAuthenticationMethodsRequired', 'registrationReconfirmIntevalInDays', 'enablementType')) return 'passwordReset';
  if (has(o, 'authenticationMethodConfigurations', 'registrationEnforcement')) return 'methodsPolicy';
  if (has(o, 'conditions') && has(o, 'grantControls', 'sessionControls')) return 'conditionalAccessPolicy';
  if (has(o, 'allowedCombinations')) return 'strength';
  if (has(o, 'isServiceDefault')) return 'crossTenantDefault';
  if (has(o, 'tenantId') && has(o, 'inboundTrust', 'b2bCollaborationInbound', 'isServiceProvider')) return 'partner';
  if (has(o, 'ipRanges', 'countriesAndRegions')) return 'namedLocation';
  if (has(o, 'roleTemplateId') || (has(o, 'templateId') && has(o, 'rolePermissions'))) return 'directoryRole';
  if (has(o, 'securityEnabled', 'mailNickname', 'groupTypes')) return 'group';
  if (has(o, 'appId')) return 'application';
  if (has(o, 'userPrincipalName')) return 'user';
  if (has(o, 'verifiedDomains', 'tenantType')) return 'organization';
  return undefined;
}

function classify(o: Record<string, unknown>, context: string | undefined, file: string): Kind | undefined {
  const type = typeof o['@odata.type'] === 'string' ? kindOfType(o['@odata.type'] as string) : undefined;
  if (type === 'unknownMethod') return 'methodConfig';
  return type ?? kindOfShape(o) ?? (context ? kindOfContext(context) : undefined) ?? kindOfFolder(file);
}

function walk(dir: string, out: string[]): void {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = join(dir, entry.name);
    if (entry.isDirectory()) walk(full, out);
    else if (/\.json$/i.test(entry.name)) out.push(full);
  }
}

const byCodeUnit = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/** The JSON files the arguments name: files as given, folders searched, in code-unit order. */
export function exportFiles(paths: readonly string[]): { files: string[]; errors: Diagnostic[] } {
  const files: string[] = [];
  const errors: Diagnostic[] = [];
  for (const p of paths) {
    try {
      if (statSync(p).isDirectory()) walk(p, files);
      else files.push(p);
    } catch (e) {
      const code = (e as { code?: string }).code;
      errors.push({ file: p, line: 1, col: 1, path: '', severity: 'error', message: code === 'ENOENT' ? 'no such file or directory' : (e as Error).message });
    }
  }
  return { files: [...new Set(files)].sort(byCodeUnit), errors };
}

/** Every Graph object in the files, recognised; files that do not parse are diagnostics. */
export function collect(paths: readonly string[]): Sources {
  const { files, errors } = exportFiles(paths);
  const out: Sources = { items: [], errors, unread: [], files: files.length };
  for (const file of files) {
    let bytes: Uint8Array;
    try {
      bytes = readFileSync(file);
    } catch (e) {
      out.errors.push({ file, line: 1, col: 1, path: '', severity: 'error', message: `cannot read: ${(e as Error).message}` });
      continue;
    }
    const read = readJson(bytes, file);
    if (!read.ok) { out.errors.push(...read.errors); continue; }
    const { doc } = read;
    const root = doc.value;
    const context = isObject(root) && typeof root['@odata.context'] === 'string' ? root['@odata.context'] : undefined;
    const entries: Array<[JsonPath, unknown]> = isObject(root) && Array.isArray(root.value)
      ? root.value.map((v, i) => [['value', i], v])
      : Array.isArray(root) ? root.map((v, i) => [[i], v]) : [[[], root]];
    for (const [path, value] of entries) {
      if (value === null) continue;
      const kind = isObject(value) ? classify(value, context, relative('.', file)) : undefined;
      if (!kind || !isObject(value)) {
        out.unread.push({ file, ...doc.at(path), what: isObject(value) ? 'an object regsim does not read' : 'not an object' });
        continue;
      }
      out.items.push({ kind, doc, path, value });
    }
  }
  return out;
}
