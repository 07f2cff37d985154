/*
 * Copyright 2026 The libmigui authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include "mig-enums.h"
#include "mig-stateful.h"

/**
 * MigStateful:
 *
 * An interface for custom widgets that save and restore their own
 * user-mutable state.
 *
 * A widget that implements it and has a state ID is asked for its state as
 * a `GVariant` when a checkpoint is taken, and given it back on restore.
 * The variant travels in the form tree with its type signature.
 */

G_DEFINE_INTERFACE (MigStateful, mig_stateful, G_TYPE_OBJECT)

static void
mig_stateful_default_init (MigStatefulInterface *iface)
{
  /**
   * MigStateful::state-changed:
   * @self: a `MigStateful`
   *
   * The state [method@Mig.Stateful.save_state] returns has changed: the
   * user changed it.  Emitted by [method@Mig.Stateful.state_changed]; a
   * [class@Mig.FormSync] sends the new state to the form's other copies.
   */
  g_signal_new ("state-changed", G_TYPE_FROM_INTERFACE (iface), G_SIGNAL_RUN_LAST, 0,
                NULL, NULL, NULL, G_TYPE_NONE, 0);
}

/**
 * mig_stateful_state_changed:
 * @self: a `MigStateful`
 *
 * Says that the user changed @self's state, so that the copies of its
 * form on other devices follow (see [class@Mig.FormSync]).  A widget whose
 * state is also a registered property need not call it: the property's
 * notification says it.
 */
void
mig_stateful_state_changed (MigStateful *self)
{
  g_return_if_fail (MIG_IS_STATEFUL (self));

  g_signal_emit_by_name (self, "state-changed");
}

/**
 * mig_stateful_save_state:
 * @self: a `MigStateful`
 *
 * Asks @self for its user-mutable state.
 *
 * Returns: (transfer full) (nullable): the state, or %NULL if there is none
 */
GVariant *
mig_stateful_save_state (MigStateful *self)
{
  MigStatefulInterface *iface;
  GVariant *state;

  g_return_val_if_fail (MIG_IS_STATEFUL (self), NULL);

  iface = MIG_STATEFUL_GET_IFACE (self);
  if (iface->save_state == NULL)
    return NULL;
  state = iface->save_state (self);
  return state != NULL ? g_variant_ref_sink (state) : NULL;
}

/**
 * mig_stateful_restore_state:
 * @self: a `MigStateful`
 * @state: a state returned by [method@Mig.Stateful.save_state]
 * @error: return location for a `GError`
 *
 * Applies @state to @self.
 *
 * Returns: %TRUE if the state was applied
 */
gboolean
mig_stateful_restore_state (MigStateful  *self,
                            GVariant     *state,
                            GError      **error)
{
  MigStatefulInterface *iface;

  g_return_val_if_fail (MIG_IS_STATEFUL (self), FALSE);
  g_return_val_if_fail (state != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  iface = MIG_STATEFUL_GET_IFACE (self);
  if (iface->restore_state == NULL)
    return TRUE;
  return iface->restore_state (self, state, error);
}
