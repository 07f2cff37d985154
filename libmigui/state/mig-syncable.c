/*
 * Copyright 2026 The libmigui authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include "mig-enums.h"
#include "mig-syncable.h"

/**
 * MigSyncable:
 *
 * An interface for custom widgets whose state grows by small steps — the
 * strokes of a drawing, the moves of a game — so that the copies of their
 * form on other devices follow step by step instead of taking the whole
 * state each time (see [class@Mig.FormSync]).
 *
 * The widget emits each step the user makes as an event
 * ([method@Mig.Syncable.emit_event]) after applying it itself; the other
 * copies get it through their form's home, in the order the home received
 * them, and apply it ([vfunc@Mig.Syncable.apply_event]).  A widget that
 * joins late starts from its whole state: it also implements
 * [iface@Mig.Stateful], whose state includes every event applied so far.
 */

G_DEFINE_INTERFACE (MigSyncable, mig_syncable, G_TYPE_OBJECT)

static void
mig_syncable_default_init (MigSyncableInterface *iface)
{
  /**
   * MigSyncable::event:
   * @self: a `MigSyncable`
   * @event: the step the user made here
   *
   * Emitted by [method@Mig.Syncable.emit_event].
   */
  g_signal_new ("event", G_TYPE_FROM_INTERFACE (iface), G_SIGNAL_RUN_LAST, 0,
                NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_VARIANT);
}

/**
 * mig_syncable_emit_event:
 * @self: a `MigSyncable`
 * @event: a step the user made, already applied to @self
 *
 * Sends a step to the other copies of @self's form.  If @event is
 * floating, it is consumed.
 */
void
mig_syncable_emit_event (MigSyncable *self,
                         GVariant    *event)
{
  g_autoptr(GVariant) owned = NULL;

  g_return_if_fail (MIG_IS_SYNCABLE (self));
  g_return_if_fail (event != NULL);

  owned = g_variant_ref_sink (event);
  g_signal_emit_by_name (self, "event", owned);
}

/**
 * mig_syncable_apply_event:
 * @self: a `MigSyncable`
 * @event: a step another copy made
 * @error: return location for a `GError`
 *
 * Applies a step another copy of @self made.
 *
 * Returns: %TRUE if it was applied
 */
gboolean
mig_syncable_apply_event (MigSyncable  *self,
                          GVariant     *event,
                          GError      **error)
{
  MigSyncableInterface *iface;

  g_return_val_if_fail (MIG_IS_SYNCABLE (self), FALSE);
  g_return_val_if_fail (event != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  iface = MIG_SYNCABLE_GET_IFACE (self);
  if (iface->apply_event == NULL)
    {
      g_set_error (error, MIG_ERROR, MIG_ERROR_INVALID_MESSAGE, "%s takes no events", G_OBJECT_TYPE_NAME (self));
      return FALSE;
    }
  return iface->apply_event (self, event, error);
}
