package io.parley.rtm;

/** An error code of the operation's {@link RtmStatusCode} group and its constant name. */
public class ErrorInfo {
    private final int errorCode;
    private final String errorDescription;

    public ErrorInfo(int errorCode) {
        this(errorCode, "");
    }

    public ErrorInfo(int errorCode, String errorDescription) {
        this.errorCode = errorCode;
        this.errorDescription = errorDescription == null ? "" : errorDescription;
    }

    public int getErrorCode() {
        return errorCode;
    }

    public String getErrorDescription() {
        return errorDescription;
    }

    @Override
    public String toString() {
        return "ErrorInfo{errorCode=" + errorCode + ", errorDescription='" + errorDescription + "'}";
    }
}
