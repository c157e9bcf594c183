package io.watershed.collector.intake.internal;

import io.netty.channel.CombinedChannelDuplexHandler;
import io.netty.handler.codec.http.HttpDecoderConfig;
import io.netty.handler.codec.http.HttpMessage;
import io.netty.handler.codec.http.HttpRequestDecoder;
import io.netty.handler.codec.http.HttpResponseEncoder;

/**
 * The intake's HTTP/1.1 codec: Netty's request decoder and response encoder, with one change. A
 * request with both {@code Content-Length} and {@code Transfer-Encoding: chunked} is refused as
 * malformed (RFC 9112 6.1 allows a server to reject it, and a proxy that reads the length instead
 * would see a second, smuggled request in the body) instead of being read as chunked. Responses to
 * HEAD are written without a body by {@link IntakeHandler}.
 */
final class IntakeHttpCodec
    extends CombinedChannelDuplexHandler<HttpRequestDecoder, HttpResponseEncoder> {
  static final String LENGTH_AND_CHUNKED =
      "Content-Length and Transfer-Encoding: chunked together (request smuggling?)";

  IntakeHttpCodec(int maxInitialLineLength, int maxHeaderSize, int maxChunkSize) {
    super(
        new StrictRequestDecoder(
            new HttpDecoderConfig()
                .setMaxInitialLineLength(maxInitialLineLength)
                .setMaxHeaderSize(maxHeaderSize)
                .setMaxChunkSize(maxChunkSize)),
        new HttpResponseEncoder());
  }

  private static final class StrictRequestDecoder extends HttpRequestDecoder {
    StrictRequestDecoder(HttpDecoderConfig config) {
      super(config);
    }

    /** Makes the request invalid: the decoder answers with a failed decoder result. */
    @Override
    protected void handleTransferEncodingChunkedWithContentLength(HttpMessage message) {
      throw new IllegalArgumentException(LENGTH_AND_CHUNKED);
    }
  }
}
