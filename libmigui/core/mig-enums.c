/*
 * Copyright 2026 The libmigui authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include <gio/gio.h>

#include "mig-enums.h"

static const GDBusErrorEntry mig_dbus_errors[] = {
  { MIG_ERROR_INVALID_TREE, "org.migui.Error.InvalidTree" },
  { MIG_ERROR_TOO_LARGE, "org.migui.Error.TooLarge" },
  { MIG_ERROR_VERSION_MISMATCH, "org.migui.Error.VersionMismatch" },
  { MIG_ERROR_UNKNOWN_TYPE, "org.migui.Error.UnknownType" },
  { MIG_ERROR_APP_NOT_INSTALLED, "org.migui.Error.AppNotInstalled" },
  { MIG_ERROR_REJECTED, "org.migui.Error.Rejected" },
  { MIG_ERROR_UNTRUSTED, "org.migui.Error.Untrusted" },
  { MIG_ERROR_UNREACHABLE, "org.migui.Error.Unreachable" },
  { MIG_ERROR_TIMEOUT, "org.migui.Error.Timeout" },
  { MIG_ERROR_CANCELLED, "org.migui.Error.Cancelled" },
  { MIG_ERROR_FAILED, "org.migui.Error.Failed" },
  { MIG_ERROR_NOT_RUNNING, "org.migui.Error.NotRunning" },
  { MIG_ERROR_INVALID_MESSAGE, "org.migui.Error.InvalidMessage" },
};

/**
 * mig_error_quark:
 *
 * The quark of the `MIG_ERROR` domain.  Its errors keep their code when
 * they cross D-Bus (as `org.migui.Error.*`).
 *
 * Returns: the error quark
 */
GQuark
mig_error_quark (void)
{
  static gsize quark;

  g_dbus_error_register_error_domain ("mig-error-quark", &quark,
                                      mig_dbus_errors, G_N_ELEMENTS (mig_dbus_errors));
  return (GQuark) quark;
}
