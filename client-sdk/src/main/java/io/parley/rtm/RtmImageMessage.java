package io.parley.rtm;

/** Image message (deprecated in RTM 1.5; media transfer is not supported by Parley). */
@Deprecated
public abstract class RtmImageMessage extends RtmMessage {
    public abstract long getSize();

    public abstract String getMediaId();

    public abstract void setThumbnail(byte[] thumbnail);

    public abstract byte[] getThumbnail();

    public abstract void setFileName(String fileName);

    public abstract String getFileName();

    public abstract void setWidth(int width);

    public abstract int getWidth();

    public abstract void setHeight(int height);

    public abstract int getHeight();

    public abstract void setThumbnailWidth(int width);

    public abstract int getThumbnailWidth();

    public abstract void setThumbnailHeight(int height);

    public abstract int getThumbnailHeight();
}
