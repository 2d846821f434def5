package io.geminiauth.token.mint;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Form;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/**
 * One Google endpoint (a token_uri, STS, an account's IAM generateAccessToken URL, an IAM key's
 * metadata), built per URL by {@link UpstreamClients}. Answers come back as raw responses: every
 * status is ours to classify.
 */
@Path("")
interface OAuthHttp {

  @POST
  @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
  @Produces(MediaType.APPLICATION_JSON)
  Response postForm(Form form);

  @POST
  @Consumes(MediaType.APPLICATION_JSON)
  @Produces(MediaType.APPLICATION_JSON)
  Response postJson(@HeaderParam("Authorization") String authorization, String json);

  @GET
  @Produces(MediaType.APPLICATION_JSON)
  Response get(@HeaderParam("Authorization") String authorization);
}
