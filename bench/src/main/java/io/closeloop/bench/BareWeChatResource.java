package io.closeloop.bench;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/**
 * The baseline of the WeChat benchmark: takes the very request WeChat pushes in safe mode (the query with
 * {@code signature}, {@code timestamp}, {@code nonce}, {@code encrypt_type} and {@code msg_signature}, and the
 * {@code <xml><ToUserName/><Encrypt/></xml>} body as bytes, read by Jersey as for {@code /webhooks/wechat/{account}}),
 * checks no signature, decrypts and parses nothing, and answers a fixed passive text reply in clear XML.
 */
@Path("/bench/bare/wechat/{account}")
public final class BareWeChatResource {

    static final String REPLY = "<xml><ToUserName><![CDATA[oBareBenchOpenId000000000000]]></ToUserName>"
            + "<FromUserName><![CDATA[gh_closeloop]]></FromUserName><CreateTime>1764246000</CreateTime>"
            + "<MsgType><![CDATA[text]]></MsgType><Content><![CDATA[Thanks for your message! We have received it and "
            + "will get back to you soon.]]></Content></xml>";

    @POST
    @Consumes(MediaType.WILDCARD)
    @Produces(MediaType.APPLICATION_XML)
    public Response push(@PathParam("account") String account, @QueryParam("signature") String signature,
            @QueryParam("msg_signature") String msgSignature, @QueryParam("timestamp") String timestamp,
            @QueryParam("nonce") String nonce, @QueryParam("encrypt_type") String encryptType, byte[] body) {
        if (msgSignature == null || timestamp == null || nonce == null || body == null || body.length == 0) {
            return Response.status(400).build();
        }
        return Response.ok(REPLY, MediaType.APPLICATION_XML_TYPE).build();
    }
}
