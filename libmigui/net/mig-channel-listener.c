/*
 * Copyright 2026 The libmigui authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#define G_LOG_DOMAIN "migui"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "mig-channel-listener.h"
#include "mig-channel-private.h"

/**
 * MigChannelListener:
 *
 * The accepting side of [class@Mig.Channel]s.
 *
 * A listener takes new associations on a TCP port and emits
 * [signal@Mig.ChannelListener::incoming] with each new channel.  Channels
 * that already exist do not depend on it: they are found again through
 * the process's rendezvous (and through any listener), so a listener can
 * be closed and opened again, on the same port or another, without
 * disturbing them.
 */

struct _MigChannelListener
{
  GObject parent_instance;
  GSocketService *service;
  guint16 port;
};

enum
{
  INCOMING,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (MigChannelListener, mig_channel_listener, G_TYPE_OBJECT)

static void
mig_channel_listener_dispose (GObject *object)
{
  mig_channel_listener_close (MIG_CHANNEL_LISTENER (object));
  G_OBJECT_CLASS (mig_channel_listener_parent_class)->dispose (object);
}

static void
mig_channel_listener_class_init (MigChannelListenerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = mig_channel_listener_dispose;

  /**
   * MigChannelListener::incoming:
   * @self: the listener
   * @channel: the new channel, connected
   *
   * A peer connected with [func@Mig.Channel.connect_async] and the two
   * agreed on a new association.  Keep a reference to @channel to use it.
   */
  signals[INCOMING] =
    g_signal_new ("incoming", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, MIG_TYPE_CHANNEL);
}

static void
mig_channel_listener_init (MigChannelListener *self)
{
}

/**
 * mig_channel_listener_new:
 *
 * Returns: (transfer full): a listener that listens nowhere yet
 */
MigChannelListener *
mig_channel_listener_new (void)
{
  return g_object_new (MIG_TYPE_CHANNEL_LISTENER, NULL);
}

static void
accepted_cb (GObject    *listener,
             MigChannel *channel)
{
  g_signal_emit (listener, signals[INCOMING], 0, channel);
}

static gboolean
incoming_cb (GSocketService    *service,
             GSocketConnection *conn,
             GObject           *source_object,
             gpointer           user_data)
{
  MigChannelListener *self = user_data;
  g_autoptr(GSocketAddress) remote = g_socket_connection_get_remote_address (conn, NULL);

  mig_channel_serve_connection (G_IO_STREAM (conn), remote, accepted_cb, G_OBJECT (self));
  return TRUE;
}

/**
 * mig_channel_listener_listen:
 * @self: a `MigChannelListener`
 * @address: (nullable): the local address to listen on, or %NULL for all
 * @port: the TCP port, or 0 for any free port (see
 *   [method@Mig.ChannelListener.get_port])
 * @error: return location for a `GError`
 *
 * Starts taking new channels.  A listener listens on one port at a time:
 * listening again first closes the previous one.
 *
 * Returns: %TRUE if it listens; %FALSE with @error (the port is taken,
 *   the address is not this host's) if not
 */
gboolean
mig_channel_listener_listen (MigChannelListener  *self,
                             const char          *address,
                             guint16              port,
                             GError             **error)
{
  g_autoptr(GSocketService) service = NULL;
  g_autoptr(GError) local_error = NULL;
  guint16 bound;

  g_return_val_if_fail (MIG_IS_CHANNEL_LISTENER (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  mig_channel_listener_close (self);
  if (!mig_channel_rendezvous_ensure (0, error))
    return FALSE;
  service = g_socket_service_new ();
  if (address != NULL)
    {
      g_autoptr(GInetAddress) inet = g_inet_address_new_from_string (address);
      g_autoptr(GSocketAddress) wanted = NULL;
      g_autoptr(GSocketAddress) effective = NULL;

      if (inet == NULL)
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                       _("“%s” is not an IP address"), address);
          return FALSE;
        }
      wanted = g_inet_socket_address_new (inet, port);
      if (!g_socket_listener_add_address (G_SOCKET_LISTENER (service), wanted, G_SOCKET_TYPE_STREAM,
                                          G_SOCKET_PROTOCOL_TCP, NULL, &effective, &local_error))
        bound = 0;
      else
        bound = g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (effective));
    }
  else if (port == 0)
    bound = g_socket_listener_add_any_inet_port (G_SOCKET_LISTENER (service), NULL, &local_error);
  else
    bound = g_socket_listener_add_inet_port (G_SOCKET_LISTENER (service), port, NULL, &local_error) ? port : 0;
  if (bound == 0)
    {
      g_set_error (error, G_IO_ERROR, g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_ADDRESS_IN_USE) ?
                                      G_IO_ERROR_ADDRESS_IN_USE : G_IO_ERROR_FAILED,
                   _("Could not listen for channels on port %u: %s"), port, local_error->message);
      return FALSE;
    }
  g_signal_connect_object (service, "incoming", G_CALLBACK (incoming_cb), self, 0);
  g_socket_service_start (service);
  self->service = g_steal_pointer (&service);
  self->port = bound;
  return TRUE;
}

/**
 * mig_channel_listener_get_port:
 * @self: a `MigChannelListener`
 *
 * Returns: the port it listens on, or 0 if it does not listen
 */
guint16
mig_channel_listener_get_port (MigChannelListener *self)
{
  g_return_val_if_fail (MIG_IS_CHANNEL_LISTENER (self), 0);

  return self->port;
}

/**
 * mig_channel_listener_close:
 * @self: a `MigChannelListener`
 *
 * Stops taking new channels.  The channels it accepted go on.
 */
void
mig_channel_listener_close (MigChannelListener *self)
{
  g_return_if_fail (MIG_IS_CHANNEL_LISTENER (self));

  if (self->service == NULL)
    return;
  g_socket_service_stop (self->service);
  g_socket_listener_close (G_SOCKET_LISTENER (self->service));
  g_clear_object (&self->service);
  self->port = 0;
}
