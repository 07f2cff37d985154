/*
 * Copyright 2026 The libmigui authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#define G_LOG_DOMAIN "migui"

#include "config.h"

#include <errno.h>
#include <string.h>
#include <sys/socket.h>
#include <glib/gi18n-lib.h>

#include "mig-certificate-private.h"
#include "mig-channel-tls-private.h"

static GTlsCertificate *certificate;

static GTlsCertificate *
get_certificate (GError **error)
{
  g_autofree char *pem = NULL;

  if (certificate != NULL)
    return certificate;
  pem = mig_certificate_make_pem ("migui channel", error);
  if (pem == NULL)
    return NULL;
  certificate = g_tls_certificate_new_from_pem (pem, -1, error);
  return certificate;
}

static gboolean
accept_any_cb (GTlsConnection       *conn,
               GTlsCertificate      *peer,
               GTlsCertificateFlags  errors,
               gpointer              user_data)
{
  /* The association's proof, bound to this certificate, authenticates. */
  return TRUE;
}

static void
handshake_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GError *error = NULL;

  if (!g_tls_connection_handshake_finish (G_TLS_CONNECTION (source), result, &error))
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, g_object_ref (source), g_object_unref);
}

void
mig_channel_tls_wrap_async (GIOStream           *base,
                            gboolean             server,
                            GCancellable        *cancellable,
                            GAsyncReadyCallback  callback,
                            gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (NULL, cancellable, callback, user_data);
  g_autoptr(GIOStream) tls = NULL;
  GTlsCertificate *cert;
  GError *error = NULL;

  cert = get_certificate (&error);
  if (cert != NULL)
    tls = server ? g_tls_server_connection_new (base, cert, &error)
                 : g_tls_client_connection_new (base, NULL, &error);
  if (tls == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  if (!server)
    g_signal_connect (tls, "accept-certificate", G_CALLBACK (accept_any_cb), NULL);
  g_tls_connection_set_require_close_notify (G_TLS_CONNECTION (tls), FALSE);
  g_tls_connection_handshake_async (G_TLS_CONNECTION (tls), G_PRIORITY_DEFAULT, cancellable, handshake_cb,
                                    g_steal_pointer (&task));
}

GIOStream *
mig_channel_tls_wrap_finish (GAsyncResult  *result,
                             GError       **error)
{
  return g_task_propagate_pointer (G_TASK (result), error);
}

/* SHA-256 of the connection's tls-server-end-point binding; zeros for a
 * plain connection. */
void
mig_channel_tls_binding (GIOStream *conn,
                         guint8     binding[MIG_CHANNEL_BINDING_SIZE])
{
  g_autoptr(GByteArray) data = g_byte_array_new ();
  g_autoptr(GChecksum) checksum = NULL;
  gsize length = MIG_CHANNEL_BINDING_SIZE;

  memset (binding, 0, MIG_CHANNEL_BINDING_SIZE);
  if (!G_IS_TLS_CONNECTION (conn) ||
      !g_tls_connection_get_channel_binding_data (G_TLS_CONNECTION (conn),
                                                  G_TLS_CHANNEL_BINDING_TLS_SERVER_END_POINT, data, NULL))
    return;
  checksum = g_checksum_new (G_CHECKSUM_SHA256);
  g_checksum_update (checksum, data->data, data->len);
  g_checksum_get_digest (checksum, binding, &length);
}

/* Whether a connection that just arrived starts with a TLS handshake
 * record (0x16), without taking the byte. */
static gboolean
peek_cb (GSocket      *socket,
         GIOCondition  condition,
         gpointer      user_data)
{
  GTask *task = user_data;
  guint8 byte;
  gssize n;

  if (g_task_return_error_if_cancelled (task))
    {
      g_object_unref (task);
      return G_SOURCE_REMOVE;
    }
  n = recv (g_socket_get_fd (socket), &byte, 1, MSG_PEEK | MSG_DONTWAIT);

  if (n < 0 && (errno == EAGAIN || errno == EINTR))
    return G_SOURCE_CONTINUE;
  if (n <= 0)
    g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_CONNECTION_CLOSED,
                             _("The connection ended before the handshake"));
  else
    g_task_return_int (task, byte == 0x16);
  g_object_unref (task);
  return G_SOURCE_REMOVE;
}

void
mig_channel_tls_peek_async (GIOStream           *conn,
                            GCancellable        *cancellable,
                            GAsyncReadyCallback  callback,
                            gpointer             user_data)
{
  GTask *task = g_task_new (conn, cancellable, callback, user_data);
  g_autoptr(GSource) source = NULL;

  if (!G_IS_SOCKET_CONNECTION (conn))
    {
      g_task_return_int (task, FALSE);
      g_object_unref (task);
      return;
    }
  source = g_socket_create_source (g_socket_connection_get_socket (G_SOCKET_CONNECTION (conn)), G_IO_IN,
                                   cancellable);
  g_task_attach_source (task, source, (GSourceFunc) G_CALLBACK (peek_cb));
}

gboolean
mig_channel_tls_peek_finish (GAsyncResult  *result,
                             gboolean      *is_tls,
                             GError       **error)
{
  gssize value = g_task_propagate_int (G_TASK (result), error);

  if (value < 0)
    return FALSE;
  *is_tls = value == 1;
  return TRUE;
}

/* Ends a connection at once: for TLS, its socket (a TLS close could wait
 * for operations still going on). */
void
mig_channel_tls_abort (GIOStream *conn)
{
  g_autoptr(GIOStream) base = NULL;

  if (G_IS_TLS_CONNECTION (conn))
    {
      g_object_get (conn, "base-io-stream", &base, NULL);
      if (base != NULL)
        g_io_stream_close (base, NULL, NULL);
      return;
    }
  g_io_stream_close (conn, NULL, NULL);
}
