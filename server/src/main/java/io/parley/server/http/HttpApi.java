package io.parley.server.http;

import java.util.concurrent.CompletionStage;

/**
 * A JSON API served on the HTTP port under a path prefix. The transport asks {@link #precheck}
 * with the request's head before it reads a body, so an unauthenticated caller never makes the
 * server buffer one; then {@link #handle} with the whole request. Neither throws: every failure
 * is an answer with its status.
 */
public interface HttpApi {
    /** The path prefix this API owns, starting and ending with '/' (e.g. {@code /api/v1/}). */
    String prefix();

    /** The answer the call gets from its head alone (401, 403, 429…), or null to read the body and handle it. */
    ApiResponse precheck(ApiCall head);

    CompletionStage<ApiResponse> handle(ApiCall call);
}
