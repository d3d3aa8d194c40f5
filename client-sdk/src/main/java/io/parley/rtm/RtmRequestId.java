package io.parley.rtm;

/** Out-parameter holding a media request id (deprecated media API). */
public class RtmRequestId {
    private long requestId;

    public RtmRequestId() {
    }

    public RtmRequestId(long requestId) {
        this.requestId = requestId;
    }

    public void setRequestId(long requestId) {
        this.requestId = requestId;
    }

    public long getRequestId() {
        return requestId;
    }

    @Override
    public String toString() {
        return "RtmRequestId{requestId=" + requestId + "}";
    }
}
