package io.parley.server.admin;

/** The HTTP status and JSON body of an admin API answer. */
public record AdminResponse(int status, String json) {
}
