/**
 * Where the catalogue's quoted words come from: the seed documents regsim
 * models (../shared/seeds). A quote is Microsoft's (or the blog's) own words,
 * exactly as the seed writes them, emphasis marks aside; test/catalogue.test.ts
 * finds every quote in its seed. Words that are not quoted are regsim's own.
 */

/** The seed files, by what they are (see ../shared/seeds/README.md). */
export const SEEDS = {
  /** Microsoft Learn: Troubleshoot combined registration (2024-12-02). */
  troubleshoot: '000_06046001668af74f.txt',
  /** An older copy of the same article, plus "Disable combined registration" (Azure AD era). */
  troubleshootOld: '001_6fdf0f4444a2d3db.txt',
  /** Microsoft Learn (preview era): Enable combined registration (2019-02-15). */
  enable: '002_6ba212e9ddced3f0.txt',
  /** Microsoft Learn: Combined registration concept (2023-09-13). */
  concept: '003_103e6ea963c1a8e1.txt',
  /** Blog: "Security Info Registration. Entra ID's rabbit hole." (2025-08-29), observed in a real tenant. */
  blog: '004_0ca3ccfcc9de7080.txt',
} as const;

export type Seed = keyof typeof SEEDS;

/** Words exactly as a seed writes them. */
export interface Quote {
  text: string;
  seed: Seed;
}

export const quote = (seed: Seed, text: string): Quote => ({ seed, text });

/** Each seed as a reader would name the document it is, its title as the seed gives it. */
export const SOURCE_NAMES: Readonly<Record<Seed, string>> = {
  troubleshoot: 'Microsoft Learn, "Troubleshoot combined registration" (2024)',
  troubleshootOld: 'An older copy of Microsoft\'s "Troubleshooting combined security information registration" (Azure AD era)',
  enable: 'Microsoft Learn, "Get started with combined registration for Azure AD SSPR and MFA (preview)" (2019)',
  concept: 'Microsoft Learn, "Combined registration for SSPR and Microsoft Entra multifactor authentication" (2023)',
  blog: 'Blog post, "Security Info Registration. Entra ID\'s rabbit hole.", observed in a real tenant (2025)',
};

/** How a quote is cited for maintainers (the catalogue page): `seed 004`; readers get `SOURCE_NAMES`. */
export const citeSeed = (seed: Seed): string => `seed ${SEEDS[seed].slice(0, 3)}`;
