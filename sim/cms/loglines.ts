/**
 * CMS-style log lines, in the shapes of the tech note and Cisco's join/leave logs.
 *
 * Pure formatting: each function returns one line. The handlers decide when to log.
 */

export const logLine = {
  apiPost: (trace: number, callId: string, from: string) =>
    `API trace ${trace}: POST for "/api/v1/calls/${callId}/participants" (from ${from})`,
  apiBody: (trace: number, participant: string) =>
    `API trace ${trace}: movedParticipant=${participant}&needsActivation=false`,
  moveOperation: (
    participant: string,
    user: string,
    homedOnThis: boolean,
    home: string,
    callId: string,
  ) =>
    `move participant operation: moving WC3 participant ${participant} (${user}) (${homedOnThis ? 'homed on this callbridge' : `homed on callbridge '${home}'`}) to call ${callId}`,
  guestAccountCreated: (guest: string) => `created guest account with user ID "${guest}"`,
  /**
   * `load` is the load level in basis points of the bridge's `loadLimit`, rounded down: CMS
   * publishes no unit for it (an assumption), here and in `replaceChoice`.
   */
  replaceResponse: (
    conference: string,
    server: string,
    priority: number,
    load: number,
    running: boolean,
  ) =>
    `replace query for conference ${conference}: response from '${server}' (priority: ${priority}, load level: ${load}, conference is running: ${running ? 1 : 0})`,
  replaceChoice: (
    conference: string,
    local: boolean,
    server: string,
    priority: number,
    load: number,
    running: boolean,
  ) =>
    `replace query for conference ${conference}: using ${local ? 'local' : 'remote'} server '${server}' (priority: ${priority}, load level: ${load}, conference is running: ${running ? 1 : 0})`,
  replaceNone: (conference: string) =>
    `replace query for conference ${conference}: no server available`,
  apiCallLeg: (leg: string, conference: string, callId: string) =>
    `API call leg ${leg} in call ${conference} (API call ${callId})`,
  createdParticipant: (from: string, user: string, participant: string, callId: string) =>
    `${from}: API user "${user}" created new participant ${participant}, call ${callId}`,
  apiResponse: (trace: number, status: number) =>
    `API trace ${trace}: sending ${status} response, size 0`,
  apiLocation: (trace: number, participant: string) =>
    `API trace ${trace}: Location: /api/v1/participants/${participant}`,
  apiFailure: (trace: number, status: number, reason: string) =>
    `API trace ${trace}: sending ${status} response, failureDetails reason "${reason}"`,
  newSession: (user: string) => `new session created for user "${user}"`,
  instantiating: (user: string) => `instantiating user "${user}"`,
  deactivating: (user: string) => `user "${user}": deactivating due to session resource teardown`,
  tearingDown: (call: number, user: string) =>
    `call ${call}: tearing down ("${user}" conference media)`,
  leftSpace: (user: string, spaceGuid: string, spaceName: string) =>
    `participant "${user}" left space ${spaceGuid} (${spaceName})`,
  destroyingLeg: (call: number, leg: string) => `call ${call}: destroying API call leg ${leg}`,
  removingGuest: (guest: string, name: string) =>
    `removing guest account '${guest}' (name '${name}') on call drop`,
  destroyingGuest: (guest: string) => `destroying guest account with user ID "${guest}"`,
  allocated: (call: number, user: string, name: string) =>
    `call ${call}: allocated for ${user} / "${name}" conference participation (Chrome)`,
  configured: (call: number, leg: string) => `call ${call}: configured - API call leg ${leg}`,
  joinedSpace: (user: string, spaceGuid: string, spaceName: string) =>
    `participant "${user}" joined space ${spaceGuid} (${spaceName})`,
  joinedConference: (user: string, leg: string, conference: string) =>
    `participant "${user}" (${leg}) joined conference ${conference} via WB3`,
  jwtAuthenticated: (user: string, bridge: string, callId: string, participant: string) =>
    `WebSocket : Got authenticated JWT for ${user} callbridge ${bridge} call ${callId} participant ${participant}`,
  jwtRejected: (user: string, reason: string) => `WebSocket : JWT for ${user} rejected (${reason})`,
};
