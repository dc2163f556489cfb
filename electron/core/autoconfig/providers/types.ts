/** One bundled provider: its clientConfig document and the MX host names that identify it. */
export interface BundledProvider {
  /**
   * MX host-name suffixes: an MX host equal to one of these, or ending in "." + one, belongs to
   * this provider (custom domains hosted there). The longest matching suffix wins.
   */
  readonly mx: readonly string[];
  readonly xml: string;
}
