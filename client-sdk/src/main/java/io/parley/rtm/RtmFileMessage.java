package io.parley.rtm;

/** File message (deprecated in RTM 1.5; media transfer is not supported by Parley). */
@Deprecated
public abstract class RtmFileMessage extends RtmMessage {
    public abstract long getSize();

    public abstract String getMediaId();

    public abstract void setThumbnail(byte[] thumbnail);

    public abstract byte[] getThumbnail();

    public abstract void setFileName(String fileName);

    public abstract String getFileName();
}
