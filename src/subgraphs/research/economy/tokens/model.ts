/** What the token types of schema/research.graphql resolve from. */

/** A TokenAccount: just its name; balance and history are read from the token cache. */
export interface TokenAccountRef { account: string }
