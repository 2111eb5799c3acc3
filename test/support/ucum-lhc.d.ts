/** The part of NLM's @lhncbc/ucum-lhc (no types shipped) that test/e2e/units.test.ts uses. */
declare module '@lhncbc/ucum-lhc' {
  interface UcumLhcUtils {
    /** `status` is 'valid' for a unit string of the UCUM grammar with known atoms. */
    validateUnitString(unit: string, suggest?: boolean): { status: 'valid' | 'invalid' | 'error', ucumCode: string | null, msg: string[] }
  }
  const ucum: { UcumLhcUtils: { getInstance(): UcumLhcUtils } }
  export default ucum
}
