package io.parley.rtm;

/** Upload/download progress (deprecated media API). */
public class RtmMediaOperationProgress {
    public long totalSize;
    public long currentSize;

    @Override
    public String toString() {
        return "RtmMediaOperationProgress{totalSize=" + totalSize + ", currentSize=" + currentSize + "}";
    }
}
