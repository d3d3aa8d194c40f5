package io.parley.rtm;

/** Area code and proxy type (accepted for compatibility; a self-hosted server ignores them). */
public class RtmServiceContext {
    public int areaCode = RtmAreaCode.AREA_CODE_GLOB;
    public int proxyType = RtmCloudProxyType.NONE_PROXY;

    public RtmServiceContext() {
    }

    public static class RtmAreaCode {
        public static final int AREA_CODE_CN = 1;
        public static final int AREA_CODE_NA = 2;
        public static final int AREA_CODE_EU = 4;
        public static final int AREA_CODE_AS = 8;
        public static final int AREA_CODE_JP = 16;
        public static final int AREA_CODE_IN = 32;
        public static final int AREA_CODE_GLOB = -1;
    }

    public static class RtmCloudProxyType {
        public static final int NONE_PROXY = 0;
        public static final int TCP_PROXY = 1;
    }

    @Override
    public String toString() {
        return "RtmServiceContext{areaCode=" + areaCode + ", proxyType=" + proxyType + "}";
    }
}
