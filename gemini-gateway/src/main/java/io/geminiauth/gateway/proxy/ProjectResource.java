package io.geminiauth.gateway.proxy;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.vertx.core.buffer.Buffer;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The resource of one Cloud project that a call names, in its path ({@code /v1beta/files/abc},
 * {@code cachedContents/…}, {@code batches/…}) or in its body (a prompt's {@code fileData.fileUri},
 * its {@code cachedContent}). Such a resource lives in the project that created it: only the
 * upstream of that project can serve the call.
 */
final class ProjectResource {
  private static final Pattern IN_PATH =
      Pattern.compile("/(?:v1|v1beta|v1alpha)/((?:files|cachedContents|batches)/[^/:?]+)");
  private static final ByteBuf[] IN_BODY = {
    Unpooled.unreleasableBuffer(Unpooled.copiedBuffer("files/", StandardCharsets.US_ASCII)),
    Unpooled.unreleasableBuffer(Unpooled.copiedBuffer("cachedContents/", StandardCharsets.US_ASCII))
  };

  private ProjectResource() {}

  /** The first resource named by the path, else by the body; null when there is none. */
  static String of(String path, Buffer body) {
    // The cheap test first: most calls name a model, not a resource.
    if (path.indexOf("files/") >= 0
        || path.indexOf("cachedContents/") >= 0
        || path.indexOf("batches/") >= 0) {
      Matcher inPath = IN_PATH.matcher(path);
      if (inPath.find()) {
        return inPath.group(1);
      }
    }
    if (body == null || body.length() == 0) {
      return null;
    }
    ByteBuf bytes = body.getByteBuf();
    for (ByteBuf needle : IN_BODY) {
      int at = ByteBufUtil.indexOf(needle.duplicate(), bytes.duplicate());
      if (at >= 0) {
        int start = at - bytes.readerIndex();
        int end = start + needle.readableBytes();
        while (end < body.length() && isNameByte(body.getByte(end))) {
          end++;
        }
        if (end > start + needle.readableBytes()) {
          return body.getString(start, end, "US-ASCII");
        }
      }
    }
    return null;
  }

  private static boolean isNameByte(byte b) {
    return (b >= 'a' && b <= 'z')
        || (b >= 'A' && b <= 'Z')
        || (b >= '0' && b <= '9')
        || b == '-'
        || b == '_';
  }
}
