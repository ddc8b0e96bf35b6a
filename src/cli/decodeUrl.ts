/** `regsim decode-url`: what a `register?authMethods=…` wizard offers (STR-03, STR-04). */
import { plural } from '../../machines/catalogue/plural.ts';
import { AUTH_METHOD_BITS, MODE_REGISTERED_AS, decodeAuthMethods, parseRegisterUrl } from '../domain/authMethods.ts';
import { METHODS, isSsprOnly, sortBySecurity, type MethodId } from '../domain/methods.ts';
import { TERMINAL_WIDTH, UsageError, bold, dim, table, wrapWords, yellow } from './output.ts';
import { NOT_IN_WIZARD_WORDS, PASSKEY_CONDITION_WORDS, PASSKEY_ONLY_WORDS } from '../../machines/catalogue/decisions.ts';

export function decodeUrlCommand(url: string | undefined, json: boolean): number {
  if (!url) throw new UsageError('decode-url needs a URL, e.g. `regsim decode-url "https://mysignins.microsoft.com/register?authMethods=1720&authMethodCount=1"`');
  const parsed = parseRegisterUrl(url);
  if (!parsed.ok) throw new UsageError(parsed.error);
  if (parsed.note) process.stderr.write(`${yellow('regsim:')} ${parsed.note}\n`);
  if (parsed.authMethods === null) {
    const msg = 'no authMethods parameter: the ordinary combined-registration wizard (STR-04)';
    process.stdout.write(json ? `${JSON.stringify({ url, strengthWizard: false, message: msg }, null, 2)}\n` : `${msg}\n`);
    return 0;
  }
  const d = decodeAuthMethods(parsed.authMethods);
  const registrable: MethodId[] = [];
  for (const mode of d.modes) {
    const m = MODE_REGISTERED_AS[mode];
    if (m && !isSsprOnly(m) && !registrable.includes(m)) registrable.push(m);
  }
  // STR-02: phone first, then most secure first; SSPR-only methods never.
  const sorted = sortBySecurity(registrable);
  const offered = sorted.includes('mobilePhone') ? ['mobilePhone', ...sorted.filter((m) => m !== 'mobilePhone')] as MethodId[] : sorted;
  const count = parsed.authMethodCount ?? 1;
  // The URL alone cannot tell who opens it: what the user must have for a method to be offered at all.
  const conditions = offered.includes('fido2') ? [PASSKEY_CONDITION_WORDS, ...(offered.length === 1 ? [PASSKEY_ONLY_WORDS] : [])] : [];
  if (json) {
    process.stdout.write(`${JSON.stringify({
      url, authMethods: d.value, authMethodCount: count,
      modes: d.modes.map((m) => ({ mode: m, bit: AUTH_METHOD_BITS[m], registeredAs: MODE_REGISTERED_AS[m] ?? null })),
      unknownBits: d.unknownBits, offered, conditions,
    }, null, 2)}\n`);
    return 0;
  }
  process.stdout.write(`${bold(`authMethods=${d.value}`)} authMethodCount=${count}\n\n`);
  const rows = [['bit', 'mode', 'registered in the wizard as'].map((h) => dim(h))];
  for (const m of d.modes) {
    const as = MODE_REGISTERED_AS[m];
    rows.push([String(AUTH_METHOD_BITS[m]), m, as ? (isSsprOnly(as) ? `${METHODS[as].label} — never offered (SSPR-only, STR-02)` : METHODS[as].label) : dim(`— (${NOT_IN_WIZARD_WORDS[m as keyof typeof NOT_IN_WIZARD_WORDS]})`)]);
  }
  process.stdout.write(`${table(rows)}\n`);
  if (d.unknownBits.length) process.stdout.write(yellow(`\nunknown bits: ${d.unknownBits.join(', ')} (no documented mode)\n`));
  // STR-01: blog 004, the one source of these URLs, only ever shows authMethodCount=1.
  if (count !== 1) process.stdout.write(yellow(`\nauthMethodCount=${count}: the sources only show 1; what the wizard does with ${count} is not known\n`));
  process.stdout.write(`\nThe wizard asks for ${plural(count, 'method')}, offering: ${offered.map((m) => METHODS[m].label).join(', ') || 'nothing'}\n`);
  for (const c of conditions) process.stdout.write(`${dim(wrapWords(c, TERMINAL_WIDTH).join('\n'))}\n`);
  return 0;
}
