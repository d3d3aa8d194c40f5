package io.parley.rtm;

/** Message type constants. */
public class RtmMessageType {
    public static final int UNDEFINED = 0;
    public static final int TEXT = 1;
    public static final int RAW = 2;
    public static final int FILE = 3;
    public static final int IMAGE = 4;
}
