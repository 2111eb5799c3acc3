/** The insurance rows as the resolvers see them (the generated resolver types map the insurance types here). */
export type { BillRow, BillStatus, EnrolmentRow, PlanRow } from '../../../../ports/insurance-programmes.ts'
