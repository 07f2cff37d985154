/*
 * Copyright 2026 The libmigui authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#define G_LOG_DOMAIN "migui"

#include "config.h"

#include <netinet/in.h>
#include <netinet/tcp.h>
#include <string.h>

#include <glib/gi18n-lib.h>
#include <libsoup/soup.h>

#include "mig-enums.h"
#include "mig-json-reader-private.h"
#include "mig-peer-client-private.h"
#include "mig-trust-store-private.h"

/*
 * The mutual-TLS client of the protocol (docs/protocol.md): every request
 * this device makes to a peer shell, for discovery, pairing and
 * migrations, goes through mig_peer_request_async().  The peer's
 * certificate is checked in the handshake, before anything is sent, and
 * again on each answer, since a reused connection has no handshake.
 */

/* How much a request needs to know who answers it. */
typedef enum {
  REQUEST_OPEN,     /* pairing: any certificate, it is shown to the user as a code */
  REQUEST_CHECKED,  /* info, app checks: not a paired device with a new certificate */
  REQUEST_PAIRED,   /* migrations: only a paired device, by its certificate */
} RequestTrust;

typedef enum {
  IDENTITY_RIGHT,
  IDENTITY_CHANGED,
  IDENTITY_NOT_PAIRED,
} IdentityCheck;

/* The state of one request, the task's data. */
typedef struct
{
  MigIdentity *identity;       /* owned */
  SoupMessage *msg;            /* owned: the message in flight */
  char *method;
  char *uri;
  GBytes *body;                /* nullable */
  char *content_encoding;      /* nullable: how the body is coded */
  RequestTrust trust;
  IdentityCheck identity_check; /* what the handshake found */
  gboolean certificate_seen;   /* the peer showed one in a handshake */
  gboolean new_connection;     /* the message made its own connection */
  gboolean retried;
  guint status;
  char *fingerprint;           /* of the certificate that answered */
} MigPeerRequest;

static void
mig_peer_request_free (MigPeerRequest *request)
{
  g_clear_object (&request->identity);
  g_clear_object (&request->msg);
  g_free (request->content_encoding);
  g_free (request->method);
  g_free (request->uri);
  g_clear_pointer (&request->body, g_bytes_unref);
  g_free (request->fingerprint);
  g_free (request);
}

/* A name to show the user for @peer: its name, else its address. */
const char *
mig_peer_describe (MigPeer *peer)
{
  return mig_peer_get_name (peer) != NULL ? mig_peer_get_name (peer) : mig_peer_get_address (peer);
}

static RequestTrust
request_trust (const char *path)
{
  /* Migrations, and pulls, which bring one about. */
  if (g_str_has_prefix (path, "/v1/migrations") || g_str_has_prefix (path, "/v1/pulls") ||
      strcmp (path, "/v1/apps/running") == 0 || (g_str_has_prefix (path, "/v1/apps/") && g_str_has_suffix (path, "/pull")))
    return REQUEST_PAIRED;
  if (g_str_has_prefix (path, "/v1/pairing"))
    return REQUEST_OPEN;
  return REQUEST_CHECKED;
}

/* Whether @certificate may answer a request of @trust sent to @peer: a
 * device paired under the peer's ID must present the certificate it was
 * paired with (else its identity changed, or something impersonates it),
 * and applications go only to paired devices.  Names, IDs and fingerprints
 * from DNS-SD or /v1/info are never enough. */
static IdentityCheck
check_identity (MigIdentity     *identity,
                MigPeer         *peer,
                RequestTrust     trust,
                GTlsCertificate *certificate)
{
  const char *config_dir = mig_identity_get_config_dir (identity);
  g_autofree char *fingerprint = NULL;
  g_autoptr(MigPairedDevice) known = NULL;
  g_autoptr(MigPairedDevice) paired = NULL;

  if (trust == REQUEST_OPEN)
    return IDENTITY_RIGHT;
  if (certificate == NULL)
    return IDENTITY_NOT_PAIRED;
  fingerprint = mig_certificate_fingerprint (certificate);
  known = mig_trust_store_lookup_by_id (config_dir, mig_peer_get_id (peer));
  if (known != NULL)
    {
      if (g_ascii_strcasecmp (known->fingerprint, fingerprint) == 0)
        return IDENTITY_RIGHT;
      g_warning ("SECURITY: %s (%s) presented the certificate %s, not %s it was paired with: its "
                 "identity changed",
                 known->name, known->id, fingerprint, known->fingerprint);
      return IDENTITY_CHANGED;
    }
  if (trust == REQUEST_CHECKED)
    return IDENTITY_RIGHT;
  paired = mig_trust_store_lookup_by_fingerprint (config_dir, fingerprint);
  return paired != NULL ? IDENTITY_RIGHT : IDENTITY_NOT_PAIRED;
}

/* Peers use self-signed certificates: what counts is the certificate
 * itself, checked before anything is sent. */
static gboolean
accept_certificate_cb (SoupMessage          *msg,
                       GTlsCertificate      *certificate,
                       GTlsCertificateFlags  errors,
                       gpointer              user_data)
{
  GTask *task = G_TASK (user_data);
  MigPeerRequest *request = g_task_get_task_data (task);

  g_assert (G_IS_TASK (task));
  request->certificate_seen = TRUE;
  request->identity_check = check_identity (request->identity, g_task_get_source_object (task),
                                            request->trust, certificate);
  return request->identity_check == IDENTITY_RIGHT;
}

/* A message that resolves or connects made a connection of its own; one
 * that does not went out on a kept-alive one. */
static void
network_event_cb (SoupMessage        *msg,
                  GSocketClientEvent  event,
                  GIOStream          *connection,
                  gpointer            user_data)
{
  MigPeerRequest *request = user_data;

  if (event == G_SOCKET_CLIENT_RESOLVING || event == G_SOCKET_CLIENT_CONNECTING)
    request->new_connection = TRUE;
  /* A request is written as several TLS records (headers, body): without
   * this, Nagle's algorithm holds the last one back until the peer's
   * delayed acknowledgement, 40 ms later. */
  if (event == G_SOCKET_CLIENT_CONNECTED && G_IS_SOCKET_CONNECTION (connection))
    {
      GSocket *socket = g_socket_connection_get_socket (G_SOCKET_CONNECTION (connection));

      if (g_socket_get_family (socket) != G_SOCKET_FAMILY_UNIX)
        g_socket_set_option (socket, IPPROTO_TCP, TCP_NODELAY, 1, NULL);
    }
}

static GError *
wrong_identity_error (MigPeer       *peer,
                      IdentityCheck  check)
{
  if (check == IDENTITY_CHANGED)
    return g_error_new (
        MIG_ERROR, MIG_ERROR_UNTRUSTED,
        _("%s’s identity changed: it presented another certificate than the one it was paired "
          "with. If it was reinstalled, pair with it again; otherwise something may be "
          "impersonating it"),
        mig_peer_describe (peer));
  return g_error_new (MIG_ERROR, MIG_ERROR_UNTRUSTED,
                      _("%s is not paired with this device; pair them first"),
                      mig_peer_describe (peer));
}

/* A TLS error before the peer showed any certificate (a shell that is
 * gone resets the connection in the handshake) is a device that cannot be
 * reached, not one that failed to prove who it is. */
static gboolean
is_vanished_peer (MigPeerRequest *request,
                  const GError   *error)
{
  return error->domain == G_TLS_ERROR && !request->certificate_seen;
}

static GError *
request_error (MigPeer        *peer,
               MigPeerRequest *request,
               const GError   *error)
{
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return g_error_new (MIG_ERROR, MIG_ERROR_CANCELLED, _("Cancelled"));
  if (request->identity_check != IDENTITY_RIGHT)
    return wrong_identity_error (peer, request->identity_check);
  if (is_vanished_peer (request, error))
    return g_error_new (MIG_ERROR, MIG_ERROR_UNREACHABLE, _("%s cannot be reached: %s"),
                        mig_peer_describe (peer), error->message);
  if (error->domain == G_TLS_ERROR)
    return g_error_new (MIG_ERROR, MIG_ERROR_UNTRUSTED, _("%s could not be authenticated: %s"),
                        mig_peer_describe (peer), error->message);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_TIMED_OUT))
    return g_error_new (MIG_ERROR, MIG_ERROR_TIMEOUT, _("%s did not answer in time"),
                        mig_peer_describe (peer));
  return g_error_new (MIG_ERROR, MIG_ERROR_UNREACHABLE, _("%s cannot be reached: %s"),
                      mig_peer_describe (peer), error->message);
}

/* Whether a failed request is worth sending once more, on a connection of
 * its own: it got no answer at all on a connection kept from an earlier
 * request, which the peer may have been closing as it was written. */
static gboolean
should_retry (MigPeerRequest *request,
              const GError   *error)
{
  return !request->retried && !request->new_connection &&
         request->identity_check == IDENTITY_RIGHT &&
         !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
}

static void send_request (GTask *task);

static void
request_done_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  MigPeerRequest *request = g_task_get_task_data (task);
  MigPeer *peer = g_task_get_source_object (task);
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) body = NULL;
  g_autoptr(JsonNode) root = NULL;
  GTlsCertificate *certificate;

  g_assert (SOUP_IS_SESSION (source));
  g_assert (MIG_IS_PEER (peer));

  body = soup_session_send_and_read_finish (SOUP_SESSION (source), result, &error);
  if (body == NULL && should_retry (request, error))
    {
      g_debug ("No answer from %s on a kept-alive connection (%s): sending again on a new one",
               mig_peer_describe (peer), error->message);
      request->retried = TRUE;
      send_request (g_steal_pointer (&task));
      return;
    }
  if (body == NULL)
    {
      g_task_return_error (task, request_error (peer, request, error));
      return;
    }

  /* A kept-alive connection was checked when it was made, for a request
   * of the same trust; checked again in case it was made for another peer
   * at the same address. */
  certificate = soup_message_get_tls_peer_certificate (request->msg);
  request->identity_check = check_identity (request->identity, peer, request->trust, certificate);
  if (request->identity_check != IDENTITY_RIGHT)
    {
      g_task_return_error (task, wrong_identity_error (peer, request->identity_check));
      return;
    }

  if (g_bytes_get_size (body) > 0)
    root = mig_json_read_bounded (g_bytes_get_data (body, NULL),
                                  MIN (g_bytes_get_size (body), MIG_PEER_CLIENT_MAX_ANSWER_BYTES),
                                  16, NULL);
  request->status = soup_message_get_status (request->msg);
  if (certificate != NULL)
    request->fingerprint = mig_certificate_fingerprint (certificate);
  g_task_return_pointer (task, root != NULL ? json_node_ref (root) : json_node_new (JSON_NODE_NULL),
                         (GDestroyNotify) json_node_unref);
}

/* Sends the request's message, a new one each time. */
static void
send_request (GTask *task)
{
  MigPeerRequest *request = g_task_get_task_data (task);

  g_clear_object (&request->msg);
  request->msg = soup_message_new (request->method, request->uri);
  request->new_connection = FALSE;
  request->certificate_seen = FALSE;
  request->identity_check = IDENTITY_RIGHT;
  /* Every request of the protocol may be sent twice (a commit or abort
   * sent again is answered "already"; a repeated offer expires unused), so
   * libsoup may reuse a kept-alive connection for POST too, instead of a new
   * TLS connection each time (and libsoup 3.2 leaks the connections that
   * clients close while idle). */
  soup_message_add_flags (request->msg, SOUP_MESSAGE_IDEMPOTENT);
  if (request->retried)
    soup_message_add_flags (request->msg, SOUP_MESSAGE_NEW_CONNECTION);
  soup_message_set_tls_client_certificate (request->msg,
                                           mig_identity_get_certificate (request->identity));
  g_signal_connect_object (request->msg, "accept-certificate", G_CALLBACK (accept_certificate_cb),
                           task, 0);
  g_signal_connect (request->msg, "network-event", G_CALLBACK (network_event_cb), request);
  if (request->body != NULL)
    soup_message_set_request_body_from_bytes (request->msg, "application/json", request->body);
  if (request->content_encoding != NULL)
    soup_message_headers_replace (soup_message_get_request_headers (request->msg), "Content-Encoding",
                                  request->content_encoding);
  soup_session_send_and_read_async (mig_identity_get_session (request->identity,
                                                              request->trust == REQUEST_PAIRED),
                                    request->msg, G_PRIORITY_DEFAULT, g_task_get_cancellable (task),
                                    request_done_cb, task);
}

void
mig_peer_request_async (MigPeer             *peer,
                        MigIdentity         *identity,
                        const char          *method,
                        const char          *path,
                        GBytes              *body,
                        GCancellable        *cancellable,
                        GAsyncReadyCallback  callback,
                        gpointer             user_data)
{
  mig_peer_request_coded_async (peer, identity, method, path, body, NULL, cancellable, callback, user_data);
}

/* The same, with a body in a content coding (gzip), said in its header;
 * the answer is read with mig_peer_request_finish(). */
void
mig_peer_request_coded_async (MigPeer             *peer,
                              MigIdentity         *identity,
                              const char          *method,
                              const char          *path,
                              GBytes              *body,
                              const char          *content_encoding,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (peer, cancellable, callback, user_data);
  const char *address = mig_peer_get_address (peer);
  g_autoptr(GUri) parsed = NULL;
  MigPeerRequest *request;

  g_assert (MIG_IS_PEER (peer));
  g_assert (MIG_IS_IDENTITY (identity));

  g_task_set_source_tag (task, mig_peer_request_async);
  g_task_set_check_cancellable (task, FALSE);
  request = g_new0 (MigPeerRequest, 1);
  g_task_set_task_data (task, request, (GDestroyNotify) mig_peer_request_free);
  request->identity = g_object_ref (identity);
  request->method = g_strdup (method);
  request->uri =
      g_strdup_printf (strchr (address, ':') != NULL ? "https://[%s]:%u%s" : "https://%s:%u%s",
                       address, mig_peer_get_port (peer), path);
  request->body = body != NULL ? g_bytes_ref (body) : NULL;
  request->content_encoding = g_strdup (content_encoding);
  request->trust = request_trust (path);
  parsed = g_uri_parse (request->uri, SOUP_HTTP_URI_FLAGS, NULL);
  if (parsed == NULL)
    {
      g_task_return_new_error (task, MIG_ERROR, MIG_ERROR_UNREACHABLE,
                               _("%s has an address that cannot be used: %s"),
                               mig_peer_describe (peer), address);
      return;
    }
  send_request (g_steal_pointer (&task));
}

JsonNode *
mig_peer_request_finish (MigPeer       *peer,
                         GAsyncResult  *result,
                         guint         *status,
                         GError       **error)
{
  MigPeerRequest *request;

  g_return_val_if_fail (g_task_is_valid (result, peer), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == mig_peer_request_async, NULL);

  request = g_task_get_task_data (G_TASK (result));
  if (status != NULL)
    *status = request->status;
  return g_task_propagate_pointer (G_TASK (result), error);
}

/* The fingerprint of the certificate that answered a request, once it
 * has finished. */
const char *
mig_peer_request_get_fingerprint (GAsyncResult *result)
{
  MigPeerRequest *request;

  g_return_val_if_fail (G_IS_TASK (result), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == mig_peer_request_async, NULL);

  request = g_task_get_task_data (G_TASK (result));
  return request->fingerprint;
}
