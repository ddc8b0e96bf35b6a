/**
 * Generates `scenarios/scenario.schema.json`, the JSON Schema that editors
 * (yaml-language-server) use to validate and complete scenario files, from
 * the zod schema, so the two cannot disagree. `npm run schema` rewrites it;
 * a test fails when the checked-in copy is stale.
 */
import { writeFileSync } from 'node:fs';
import { z } from 'zod';
import { ScenarioFile, Tenant } from './schema.ts';
import { invokedAsScript } from '../invokedAsScript.ts';
import { packageFile } from '../packageRoot.ts';

// From the package root, not this module: the build in dist/ sits at another depth than src/scenario/.
/** Absolute path of the generated schema. */
export const SCHEMA_PATH = packageFile('scenarios/scenario.schema.json');
/** Absolute path of the tenant files' schema (issue 11), which `regsim import` points each tenant file at. */
export const TENANT_SCHEMA_PATH = packageFile('scenarios/tenant.schema.json');

/**
 * The scenario JSON Schema. `io: 'input'` describes what authors write
 * (fields with defaults are optional); `unrepresentable: 'any'` keeps
 * generation from failing should the schema gain a refinement JSON Schema
 * cannot express.
 */
function jsonSchemaOf(schema: z.ZodType, head: { $id: string; title: string; description: string }): Record<string, unknown> {
  const { $schema, ...body } = z.toJSONSchema(schema, { target: 'draft-7', io: 'input', unrepresentable: 'any' });
  return { $schema, ...head, ...body };
}

export const scenarioJsonSchema = (): Record<string, unknown> => jsonSchemaOf(ScenarioFile, {
  $id: 'urn:regsim:scenario',
  title: 'regsim scenario',
  description:
    'One reproducible situation for regsim, the simulator of Microsoft Entra ID combined security-info ' +
    'registration: tenant policy, user, client, matrix variations and expectations.',
});

/** The file's exact contents: 2-space JSON and a trailing newline. */
export const renderScenarioJsonSchema = (): string => `${JSON.stringify(scenarioJsonSchema(), null, 2)}\n`;

export function writeScenarioJsonSchema(path: string = SCHEMA_PATH): void {
  writeFileSync(path, renderScenarioJsonSchema());
}

/** The JSON Schema of tenant files (`*.tenant.yaml`), from the same zod tenant. */
export const tenantJsonSchema = (): Record<string, unknown> => jsonSchemaOf(Tenant, {
  $id: 'urn:regsim:tenant',
  title: 'regsim tenant file',
  description: "A tenant's policies for regsim (authentication methods, SSPR, Conditional Access, strengths, cross-tenant access), "
    + 'shared by the scenarios that name the file; `regsim import` writes one from Microsoft Graph exports.',
});

export const renderTenantJsonSchema = (): string => `${JSON.stringify(tenantJsonSchema(), null, 2)}\n`;

if (invokedAsScript(import.meta.url)) {
  writeScenarioJsonSchema();
  writeFileSync(TENANT_SCHEMA_PATH, renderTenantJsonSchema());
  process.stdout.write(`wrote ${SCHEMA_PATH}\nwrote ${TENANT_SCHEMA_PATH}\n`);
}
