/**
 * A webhook delivery the App did not take. Thrown from a handler, it becomes
 * the HTTP status of the delivery (@octokit/webhooks answers with an error's
 * `status`), so GitHub records the delivery as failed and the App's recovery
 * (src/app/redelivery.ts) asks GitHub to send it again.
 *
 * Its message is the response body and a log line: it never carries a token
 * or payload content. @octokit/webhooks attaches the event (the whole
 * payload) to a handler's error before it is logged; `event` here is an
 * accessor that drops it, so a failed delivery never echoes a body into the log.
 */
export class DeliveryError extends Error {
  override name = 'DeliveryError';

  /**
   * @param status 503 when the App could not take the event now (busy,
   *   GitHub failing: worth redelivering), 400 when the payload is unusable.
   */
  constructor(
    message: string,
    readonly status: number,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }

  get event(): undefined {
    return undefined;
  }

  set event(_payload: unknown) {
    // Dropped: see the class comment.
  }
}
