/*
 * Copyright 2026 The libmigui authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#define G_LOG_DOMAIN "migui"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "mig-application-private.h"
#include "mig-channel-private.h"
#include "mig-form-tree-private.h"

/*
 * The channels of a MigApplication: they freeze before a move's
 * checkpoint, travel in its "channels" member, are made again on the
 * target held, and go live with the application.  A clone, a file and a
 * crash-recovery checkpoint carry none: a connection cannot be in two
 * places, and a file may be resumed long after its peer forgot it.
 */

static GHashTable *
channels (MigApplication *self)
{
  MigApplicationPrivate *priv = mig_application_get_private (self);

  if (priv->channels == NULL)
    priv->channels = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_object_unref);
  return priv->channels;
}

/**
 * mig_application_add_channel:
 * @self: a `MigApplication`
 * @name: a name for the channel, unique in this application
 * @channel: a connected channel
 *
 * Makes @channel part of the application: it moves with it.  When the
 * application migrates, the channel freezes, its state travels in the
 * checkpoint, and on the target [method@Mig.Application.lookup_channel]
 * with @name returns it from [signal@Mig.Application::restore-state] on;
 * it finds its peer again as soon as the application goes live there.
 *
 * A clone, a checkpoint saved to a file and crash recovery do not carry
 * channels (a connection cannot be in two places, and a file may be
 * resumed long after): on the clone, or when the file is resumed,
 * [method@Mig.Application.lookup_channel] returns %NULL, and the
 * application connects again.  The channel here goes on.
 *
 * A channel with the same name is replaced (and not closed).
 */
void
mig_application_add_channel (MigApplication *self,
                             const char     *name,
                             MigChannel     *channel)
{
  g_return_if_fail (MIG_IS_APPLICATION (self));
  g_return_if_fail (name != NULL && *name != '\0');
  g_return_if_fail (MIG_IS_CHANNEL (channel));

  g_hash_table_replace (channels (self), g_strdup (name), g_object_ref (channel));
}

/**
 * mig_application_lookup_channel:
 * @self: a `MigApplication`
 * @name: the name given to [method@Mig.Application.add_channel]
 *
 * Returns: (transfer none) (nullable): the channel, or %NULL
 */
MigChannel *
mig_application_lookup_channel (MigApplication *self,
                                const char     *name)
{
  MigApplicationPrivate *priv;

  g_return_val_if_fail (MIG_IS_APPLICATION (self), NULL);
  g_return_val_if_fail (name != NULL, NULL);

  priv = mig_application_get_private (self);
  return priv->channels != NULL ? g_hash_table_lookup (priv->channels, name) : NULL;
}

/**
 * mig_application_remove_channel:
 * @self: a `MigApplication`
 * @name: the name given to [method@Mig.Application.add_channel]
 *
 * The channel no longer moves with the application (it is not closed).
 */
void
mig_application_remove_channel (MigApplication *self,
                                const char     *name)
{
  MigApplicationPrivate *priv;

  g_return_if_fail (MIG_IS_APPLICATION (self));
  g_return_if_fail (name != NULL);

  priv = mig_application_get_private (self);
  if (priv->channels != NULL)
    g_hash_table_remove (priv->channels, name);
}

static gboolean
carried (MigChannel *channel)
{
  MigChannelState state = mig_channel_get_state (channel);

  return state != MIG_CHANNEL_STATE_CLOSED && state != MIG_CHANNEL_STATE_FAILED;
}

/* The "channels" member of a move's checkpoint, or nothing. */
GVariant *
mig_application_save_channels (MigApplication *self)
{
  MigApplicationPrivate *priv = mig_application_get_private (self);
  g_auto(GVariantBuilder) builder = G_VARIANT_BUILDER_INIT (G_VARIANT_TYPE_VARDICT);
  GHashTableIter iter;
  const char *name;
  MigChannel *channel;
  gboolean any = FALSE;

  if (priv->channels == NULL)
    return NULL;
  g_hash_table_iter_init (&iter, priv->channels);
  while (g_hash_table_iter_next (&iter, (gpointer *) &name, (gpointer *) &channel))
    if (carried (channel))
      {
        g_variant_builder_add (&builder, "{sv}", name, mig_channel_save (channel));
        any = TRUE;
      }
  return any ? g_variant_ref_sink (g_variant_builder_end (&builder)) : NULL;
}

/* Makes the tree's channels, held; all or none. */
gboolean
mig_application_restore_channels (MigApplication  *self,
                                  MigFormTree     *tree,
                                  GError         **error)
{
  MigApplicationPrivate *priv = mig_application_get_private (self);
  GVariant *saved = mig_form_tree_get_channels (tree);
  g_autoptr(GPtrArray) made = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  GVariantIter iter;
  const char *name;
  GVariant *value;

  if (saved == NULL)
    return TRUE;
  g_variant_iter_init (&iter, saved);
  while (g_variant_iter_next (&iter, "{&sv}", &name, &value))
    {
      g_autoptr(GVariant) owned = value;
      g_autoptr(GError) local_error = NULL;
      MigChannel *channel = mig_channel_new_from_saved (value, &local_error);

      if (channel == NULL)
        {
          g_set_error (error, MIG_ERROR, MIG_ERROR_INVALID_TREE, _("The channel “%s” cannot be restored: %s"),
                       name, local_error->message);
          return FALSE;
        }
      g_ptr_array_add (made, channel);
      g_ptr_array_add (names, g_strdup (name));
    }

  g_clear_pointer (&priv->arrived_channels, g_ptr_array_unref);
  priv->arrived_channels = g_ptr_array_new_with_free_func (g_object_unref);
  for (guint i = 0; i < made->len; i++)
    {
      g_hash_table_replace (channels (self), g_strdup (names->pdata[i]), g_object_ref (made->pdata[i]));
      g_ptr_array_add (priv->arrived_channels, g_object_ref (made->pdata[i]));
    }
  return TRUE;
}

/* The channels that came with the last restore, for its go-live. */
GPtrArray *
mig_application_take_arrived_channels (MigApplication *self)
{
  MigApplicationPrivate *priv = mig_application_get_private (self);

  return g_steal_pointer (&priv->arrived_channels);
}

void
mig_application_channels_go_live (GPtrArray *arrived)
{
  for (guint i = 0; arrived != NULL && i < arrived->len; i++)
    mig_channel_go_live (arrived->pdata[i]);
}

/* The arrival was aborted: its channels go, silently (the source has
 * them). */
void
mig_application_channels_drop (MigApplication *self,
                               GPtrArray      *arrived)
{
  MigApplicationPrivate *priv = mig_application_get_private (self);

  for (guint i = 0; arrived != NULL && i < arrived->len; i++)
    {
      MigChannel *channel = arrived->pdata[i];
      GHashTableIter iter;
      gpointer value;

      mig_channel_release (channel);
      if (priv->channels == NULL)
        continue;
      g_hash_table_iter_init (&iter, priv->channels);
      while (g_hash_table_iter_next (&iter, NULL, &value))
        if (value == channel)
          g_hash_table_iter_remove (&iter);
    }
}

typedef struct
{
  guint pending;
  GPtrArray *frozen;
} FreezeData;

static void
freeze_data_free (FreezeData *data)
{
  g_ptr_array_unref (data->frozen);
  g_free (data);
}

/* The checkpoint comes after every read the channels completed before
 * they froze has reached the application: those callbacks wait in idles
 * of default priority, this one is of low priority. */
static gboolean
all_frozen_cb (gpointer user_data)
{
  GTask *task = user_data;
  FreezeData *data = g_task_get_task_data (task);

  g_task_return_pointer (task, g_ptr_array_ref (data->frozen), (GDestroyNotify) g_ptr_array_unref);
  return G_SOURCE_REMOVE;
}

static void
frozen_cb (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  GTask *task = user_data;
  FreezeData *data = g_task_get_task_data (task);

  mig_channel_freeze_finish (MIG_CHANNEL (source), result, NULL);
  if (--data->pending == 0)
    g_idle_add_full (G_PRIORITY_LOW, all_frozen_cb, g_object_ref (task), g_object_unref);
  g_object_unref (task);
}

/* Freezes every channel for a move to @target_host; the result is the
 * array of channels frozen, for mig_application_channels_thaw() or
 * _release(). */
void
mig_application_freeze_channels_async (MigApplication      *self,
                                       const char          *target_host,
                                       GAsyncReadyCallback  callback,
                                       gpointer             user_data)
{
  MigApplicationPrivate *priv = mig_application_get_private (self);
  GTask *task = g_task_new (self, NULL, callback, user_data);
  FreezeData *data = g_new0 (FreezeData, 1);
  GHashTableIter iter;
  MigChannel *channel;

  data->frozen = g_ptr_array_new_with_free_func (g_object_unref);
  data->pending = 1;
  g_task_set_task_data (task, data, (GDestroyNotify) freeze_data_free);
  if (priv->channels != NULL)
    {
      g_hash_table_iter_init (&iter, priv->channels);
      while (g_hash_table_iter_next (&iter, NULL, (gpointer *) &channel))
        if (carried (channel))
          {
            g_ptr_array_add (data->frozen, g_object_ref (channel));
            data->pending++;
            mig_channel_freeze_async (channel, target_host, NULL, frozen_cb, g_object_ref (task));
          }
    }
  if (--data->pending == 0)
    g_task_return_pointer (task, g_ptr_array_ref (data->frozen), (GDestroyNotify) g_ptr_array_unref);
  g_object_unref (task);
}

GPtrArray *
mig_application_freeze_channels_finish (MigApplication *self,
                                        GAsyncResult   *result)
{
  return g_task_propagate_pointer (G_TASK (result), NULL);
}

void
mig_application_channels_thaw (GPtrArray *frozen)
{
  for (guint i = 0; frozen != NULL && i < frozen->len; i++)
    mig_channel_thaw (frozen->pdata[i]);
}

/* The move is decided: the channels are the target's now. */
void
mig_application_channels_release (MigApplication *self,
                                  GPtrArray      *frozen)
{
  mig_application_channels_drop (self, frozen);
}
