/**
 * The person's languages, most preferred first. Intl's default is the app's own locale, which in
 * Electron is English whenever Heron ships no resources for the system's language: a German
 * person would see "03:07 PM". navigator.languages is what the person chose.
 */
export const PERSON_LOCALES: readonly string[] | undefined =
  typeof navigator !== 'undefined' && Array.isArray(navigator.languages) && navigator.languages.length > 0 ? [...navigator.languages] : undefined;
