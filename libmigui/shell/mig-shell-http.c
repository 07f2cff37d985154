/*
 * Copyright 2026 The libmigui authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#define G_LOG_DOMAIN "migui-shell"

#include "config.h"

#include <netinet/in.h>
#include <netinet/tcp.h>

#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>

#include "mig-identity-private.h"
#include "mig-shell-http-private.h"
#include "mig-shell-pairing-private.h"
#include "mig-shell-private.h"
#include "mig-shell-pull-private.h"

/* The HTTP side of MigShell: the server's transport (deadlines, idle
 * connections, who the client is) and the routing of protocol version 1
 * (docs/protocol.md); the migration endpoints are in
 * mig-shell-migrations.c, pairing in mig-shell-pairing.c.  Every answer is
 * JSON; errors are {"error": code, "message": sentence}. */

void
mig_shell_respond (SoupServerMessage *msg,
         guint              status,
         JsonBuilder       *builder)
{
  g_autoptr(JsonNode) root = json_builder_get_root (builder);
  gsize length;
  char *body = json_to_string (root, FALSE);

  length = strlen (body);
  soup_server_message_set_status (msg, status, NULL);
  soup_server_message_set_response (msg, "application/json", SOUP_MEMORY_TAKE, body, length);
}

void
mig_shell_respond_error (SoupServerMessage *msg,
               guint              status,
               const char        *code,
               const char        *message)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  g_debug ("%s %s → %u %s: %s", soup_server_message_get_method (msg),
           g_uri_get_path (soup_server_message_get_uri (msg)), status, code, message);
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "error");
  json_builder_add_string_value (builder, code);
  json_builder_set_member_name (builder, "message");
  json_builder_add_string_value (builder, message);
  json_builder_end_object (builder);
  mig_shell_respond (msg, status, builder);
}

/* The shell's state of @msg's connection, made on its first request. */
static MigShellConnection *
get_connection (MigShell          *self,
                SoupServerMessage *msg)
{
  GSocket *socket = soup_server_message_get_socket (msg);

  return socket != NULL ? g_hash_table_lookup (self->connections, socket) : NULL;
}

/* The fingerprint of the client's certificate.  libsoup 3.2 gives the
 * certificate only to the first request of a connection, so it is kept
 * with the connection for the requests that follow. */
static char *
client_fingerprint (MigShell          *self,
                    SoupServerMessage *msg)
{
  GTlsCertificate *certificate = soup_server_message_get_tls_peer_certificate (msg);
  MigShellConnection *connection = get_connection (self, msg);

  /* Streams handed in without a socket (the HTTP fuzz target's) speak
   * for the device the shell was told in-process. */
  if (certificate == NULL && soup_server_message_get_socket (msg) == NULL)
    return g_strdup (self->streams_fingerprint);
  if (certificate == NULL)
    return connection != NULL ? g_strdup (connection->fingerprint) : NULL;

  if (connection == NULL)
    return mig_certificate_fingerprint (certificate);
  if (connection->fingerprint == NULL)
    connection->fingerprint = mig_certificate_fingerprint (certificate);
  return g_strdup (connection->fingerprint);
}

/* Routes /v1/… requests; @early is set for the call made before the body
 * is read. */
static void
route (MigShell          *self,
       SoupServerMessage *msg,
       const char        *path,
       GHashTable        *query,
       gboolean           early)
{
  const char *method = soup_server_message_get_method (msg);
  g_autofree char *fingerprint = NULL;
  g_auto(GStrv) parts = NULL;
  guint n;

  /* Read for every request, /v1/info too: only the first request of a
   * connection carries the certificate (see client_fingerprint). */
  fingerprint = client_fingerprint (self, msg);

  if (strcmp (path, "/v1/info") == 0)
    {
      if (early)
        return;
      if (method != SOUP_METHOD_GET)
        mig_shell_respond_error (msg, SOUP_STATUS_METHOD_NOT_ALLOWED, "method", _("Use GET"));
      else
        mig_shell_handle_info (self, msg);
      return;
    }

  if (fingerprint == NULL)
    {
      mig_shell_respond_error (msg, SOUP_STATUS_UNAUTHORIZED, "no-certificate",
                     _("This device only talks to devices that present their certificate"));
      return;
    }

  parts = g_strsplit (path + 1, "/", 0);
  n = g_strv_length (parts);

  /* Bodies are small and their length is said, but for trees. */
  if (early && !(n == 4 && strcmp (parts[1], "migrations") == 0 && strcmp (parts[3], "tree") == 0))
    {
      SoupMessageHeaders *headers = soup_server_message_get_request_headers (msg);
      SoupEncoding encoding = soup_message_headers_get_encoding (headers);

      if (encoding == SOUP_ENCODING_CHUNKED || encoding == SOUP_ENCODING_EOF)
        {
          mig_shell_respond_error (msg, SOUP_STATUS_LENGTH_REQUIRED, "length-required",
                                   _("Say how long the request is (Content-Length)"));
          return;
        }
      if (encoding == SOUP_ENCODING_CONTENT_LENGTH &&
          soup_message_headers_get_content_length (headers) > MIG_SHELL_MAX_OFFER_BYTES)
        {
          mig_shell_respond_error (msg, SOUP_STATUS_REQUEST_ENTITY_TOO_LARGE, "too-large",
                                   _("The request is too large"));
          return;
        }
    }

  if (n >= 2 && (strcmp (parts[1], "pairings") == 0 || strcmp (parts[1], "pairing") == 0))
    {
      if (!early)
        mig_shell_route_pairing (self, msg, parts, fingerprint);
      return;
    }

  /* "Continue here": mig-shell-pull.c */
  if (n == 3 && strcmp (parts[1], "apps") == 0 && strcmp (parts[2], "running") == 0)
    {
      if (early)
        return;
      if (method != SOUP_METHOD_GET)
        mig_shell_respond_error (msg, SOUP_STATUS_METHOD_NOT_ALLOWED, "method", _("Use GET"));
      else
        mig_shell_handle_running (self, msg, fingerprint);
      return;
    }
  if (n == 4 && strcmp (parts[1], "apps") == 0 && strcmp (parts[3], "pull") == 0)
    {
      if (early)
        return;
      if (method != SOUP_METHOD_POST)
        mig_shell_respond_error (msg, SOUP_STATUS_METHOD_NOT_ALLOWED, "method", _("Use POST"));
      else
        mig_shell_handle_pull (self, msg, parts[2], fingerprint);
      return;
    }
  if (n == 3 && strcmp (parts[1], "pulls") == 0)
    {
      if (early)
        return;
      if (method != SOUP_METHOD_GET)
        mig_shell_respond_error (msg, SOUP_STATUS_METHOD_NOT_ALLOWED, "method", _("Use GET"));
      else
        mig_shell_handle_pull_status (self, msg, parts[2], fingerprint);
      return;
    }

  if (n == 3 && strcmp (parts[1], "apps") == 0)
    {
      if (early)
        return;
      if (method != SOUP_METHOD_GET)
        mig_shell_respond_error (msg, SOUP_STATUS_METHOD_NOT_ALLOWED, "method", _("Use GET"));
      else
        mig_shell_handle_app (self, msg, parts[2]);
      return;
    }

  if (n >= 2 && strcmp (parts[1], "migrations") == 0)
    {
      if (n == 2 && method == SOUP_METHOD_POST)
        {
          if (!early)
            mig_shell_handle_offer (self, msg, fingerprint);
          return;
        }
      if (n == 3 && method == SOUP_METHOD_GET)
        {
          if (!early)
            mig_shell_handle_status (self, msg, parts[2], fingerprint, query);
          return;
        }
      if (n == 4 && strcmp (parts[3], "tree") == 0 && method == SOUP_METHOD_PUT)
        {
          if (early)
            mig_shell_check_upload (self, msg, parts[2], fingerprint);
          else
            mig_shell_handle_upload (self, msg, parts[2], fingerprint);
          return;
        }
      if (n == 4 && method == SOUP_METHOD_POST &&
          (strcmp (parts[3], "commit") == 0 || strcmp (parts[3], "abort") == 0))
        {
          if (!early)
            mig_shell_handle_decision (self, msg, parts[2], fingerprint,
                                       strcmp (parts[3], "commit") == 0);
          return;
        }
    }

  mig_shell_respond_error (msg, SOUP_STATUS_NOT_FOUND, "not-found", _("There is no such resource"));
}

static void
early_handler_cb (SoupServer        *server,
                  SoupServerMessage *msg,
                  const char        *path,
                  GHashTable        *query,
                  gpointer           user_data)
{
  route (MIG_SHELL (user_data), msg, path, query, TRUE);
}

static void
handler_cb (SoupServer        *server,
            SoupServerMessage *msg,
            const char        *path,
            GHashTable        *query,
            gpointer           user_data)
{
  route (MIG_SHELL (user_data), msg, path, query, FALSE);
}

/* Any client certificate is taken: the fingerprint says who the client is,
 * and the policy decides what that device may do. */
static gboolean
accept_certificate_cb (SoupServerMessage    *msg,
                       GTlsCertificate      *certificate,
                       GTlsCertificateFlags  errors,
                       gpointer              user_data)
{
  return TRUE;
}

/* Cuts @socket's connection: libsoup then reads the end of the stream and
 * closes it, and a client about to reuse it sees that it is closed. */
static void
drop_connection (GSocket    *socket,
                 const char *why)
{
  g_autoptr(GSocketAddress) address = NULL;
  g_autofree char *who = NULL;

  /* Already disconnected, with the server. */
  if (g_socket_is_closed (socket))
    return;
  address = g_socket_get_remote_address (socket, NULL);
  who = address != NULL ? g_socket_connectable_to_string (G_SOCKET_CONNECTABLE (address)) :
                          g_strdup ("a client");
  g_debug ("Dropping %s: %s", who, why);
  g_socket_shutdown (socket, TRUE, TRUE, NULL);
}

/* A request must arrive in time, or its connection is dropped: see
 * MIG_SHELL_REQUEST_SECONDS. */
static gboolean
deadline_cb (gpointer user_data)
{
  MigShellRequest *request = user_data;
  GSocket *socket = soup_server_message_get_socket (request->msg);

  request->deadline_id = 0;
  if (socket != NULL)
    drop_connection (socket, "its request did not arrive in time");
  return G_SOURCE_REMOVE;
}

static void
set_deadline (MigShellRequest *request,
              guint            seconds)
{
  g_clear_handle_id (&request->deadline_id, g_source_remove);
  request->deadline_id = g_timeout_add_seconds (seconds, deadline_cb, request);
}

/* A kept-alive connection that says nothing for MIG_SHELL_IDLE_SECONDS
 * is closed, cleanly: a socket timeout instead would leave it open to the
 * client but dead, and a request written into it would never be
 * answered. */
static gboolean
idle_cb (gpointer user_data)
{
  MigShellConnection *connection = user_data;

  connection->idle_id = 0;
  drop_connection (connection->socket, "its connection stayed idle");
  return G_SOURCE_REMOVE;
}

static void connection_gone_cb (gpointer data, GObject *where_the_socket_was);

static void
connection_free (MigShellConnection *connection)
{
  g_clear_handle_id (&connection->idle_id, g_source_remove);
  if (connection->socket != NULL)
    g_object_weak_unref (G_OBJECT (connection->socket), connection_gone_cb, connection);
  g_free (connection->fingerprint);
  g_free (connection);
}

static void
connection_gone_cb (gpointer  data,
                    GObject  *where_the_socket_was)
{
  MigShellConnection *connection = data;
  GSocket *socket = (GSocket *) where_the_socket_was;

  connection->socket = NULL;
  g_hash_table_remove (connection->shell->connections, socket);
}

static void request_gone_cb (gpointer data, GObject *where_the_message_was);

static void
request_free (MigShellRequest *request)
{
  g_clear_handle_id (&request->deadline_id, g_source_remove);
  g_clear_handle_id (&request->wait_id, g_source_remove);
  if (request->msg != NULL)
    {
      g_signal_handlers_disconnect_by_data (request->msg, request);
      g_object_weak_unref (G_OBJECT (request->msg), request_gone_cb, request);
    }
  g_free (request->migration_id);
  g_free (request);
}

static void
request_gone_cb (gpointer  data,
                 GObject  *where_the_message_was)
{
  MigShellRequest *request = data;

  request->msg = NULL;
  g_hash_table_remove (request->shell->requests, where_the_message_was);
}

/* The shell's state of a request; made when it started. */
MigShellRequest *
mig_shell_get_request (MigShell          *self,
                       SoupServerMessage *msg)
{
  MigShellRequest *request = g_hash_table_lookup (self->requests, msg);

  g_assert (request != NULL);
  return request;
}

static void
got_headers_cb (SoupServerMessage *msg,
                MigShellRequest   *request)
{
  goffset length =
      soup_message_headers_get_content_length (soup_server_message_get_request_headers (msg));
  MigShellConnection *connection = get_connection (request->shell, msg);

  if (connection != NULL)
    g_clear_handle_id (&connection->idle_id, g_source_remove);
  /* The body gets as long again, and the time it takes at the slowest rate
   * a device may send at. */
  if (length > 0)
    set_deadline (request, request->shell->request_seconds +
                               MIN (length / MIG_SHELL_MIN_BYTES_PER_SECOND, G_MAXUINT / 2));
}

static void
got_body_cb (SoupServerMessage *msg,
             MigShellRequest   *request)
{
  g_clear_handle_id (&request->deadline_id, g_source_remove);
}

/* Answered, or its client gone: the request ends, and a connection that
 * is kept alive starts counting its silence. */
static void
finished_cb (SoupServerMessage *msg,
             MigShellRequest   *request)
{
  MigShell *self = request->shell;
  MigShellConnection *connection = get_connection (self, msg);

  mig_shell_request_ended (self, request);
  if (connection != NULL && connection->socket != NULL && !g_socket_is_closed (connection->socket))
    {
      g_clear_handle_id (&connection->idle_id, g_source_remove);
      connection->idle_id = g_timeout_add_seconds (self->idle_seconds, idle_cb, connection);
    }
  g_hash_table_remove (self->requests, msg);
}

static void
track_connection (MigShell          *self,
                  SoupServerMessage *msg)
{
  GSocket *socket = soup_server_message_get_socket (msg);
  MigShellConnection *connection;

  if (socket == NULL || g_hash_table_contains (self->connections, socket))
    return;
  /* Answers are written as several TLS records: without this, Nagle's
   * algorithm holds the last one back until the peer's delayed
   * acknowledgement, 40 ms later, on every exchange of a migration. */
  if (g_socket_get_family (socket) != G_SOCKET_FAMILY_UNIX)
    g_socket_set_option (socket, IPPROTO_TCP, TCP_NODELAY, 1, NULL);
  connection = g_new0 (MigShellConnection, 1);
  connection->shell = self;
  connection->socket = socket;
  g_object_weak_ref (G_OBJECT (socket), connection_gone_cb, connection);
  g_hash_table_insert (self->connections, socket, connection);
}

static void
request_started_cb (SoupServer        *server,
                    SoupServerMessage *msg,
                    gpointer           user_data)
{
  MigShell *self = MIG_SHELL (user_data);
  MigShellRequest *request = g_new0 (MigShellRequest, 1);

  request->shell = self;
  request->msg = msg;
  g_object_weak_ref (G_OBJECT (msg), request_gone_cb, request);
  g_hash_table_insert (self->requests, msg, request);
  track_connection (self, msg);

  g_signal_connect (msg, "accept-certificate", G_CALLBACK (accept_certificate_cb), NULL);
  g_signal_connect (msg, "got-headers", G_CALLBACK (got_headers_cb), request);
  g_signal_connect (msg, "got-body", G_CALLBACK (got_body_cb), request);
  g_signal_connect (msg, "finished", G_CALLBACK (finished_cb), request);
  set_deadline (request, self->request_seconds);
}

void
mig_shell_http_init (MigShell *self)
{
  self->requests = g_hash_table_new_full (NULL, NULL, NULL, (GDestroyNotify) request_free);
  self->connections = g_hash_table_new_full (NULL, NULL, NULL, (GDestroyNotify) connection_free);
}

/* The server stops reaching this shell: requests in progress go on
 * without it. */
void
mig_shell_remove_handlers (MigShell *self)
{
  g_hash_table_remove_all (self->requests);
  g_hash_table_remove_all (self->connections);
  g_signal_handlers_disconnect_by_data (self->server, self);
  soup_server_remove_handler (self->server, "/v1");
  soup_server_remove_handler (self->server, NULL);
}

static gboolean
release_server_cb (gpointer data)
{
  SoupServer *server = data;

  soup_server_disconnect (server);
  g_object_unref (server);
  return G_SOURCE_REMOVE;
}

/* Lets @server go.  It stops listening at once; its connections are cut a
 * few seconds later.  libsoup (3.2 to 3.6 at least) frees a connection
 * that is cut during its TLS handshake before the handshake's callback
 * runs, which then crashes: the handshakes in progress get time to end. */
void
mig_shell_release_server (SoupServer *server)
{
  for (GSList *l = soup_server_get_listeners (server); l != NULL; l = l->next)
    g_socket_close (l->data, NULL);
  g_timeout_add_seconds (MIG_SHELL_HANDSHAKE_SECONDS, release_server_cb, server);
}

void
mig_shell_add_handlers (MigShell *self)
{
  g_signal_connect (self->server, "request-started", G_CALLBACK (request_started_cb), self);
  soup_server_add_early_handler (self->server, "/v1", early_handler_cb, self, NULL);
  soup_server_add_handler (self->server, "/v1", handler_cb, self, NULL);
  soup_server_add_handler (self->server, NULL, handler_cb, self, NULL);
}
