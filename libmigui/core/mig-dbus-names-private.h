/*
 * Copyright 2026 The libmigui authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

/* The one definition of libmigui's session-bus names and paths; the
 * interfaces themselves are data/dbus/org.migui.*.xml, from which
 * mig-dbus-generated.h is made. */
#define MIG_SHELL_BUS_NAME          "org.migui.Shell"
#define MIG_SHELL_OBJECT_PATH       "/org/migui/Shell"
#define MIG_SHELL_INTERFACE         "org.migui.Shell1"
#define MIG_APPLICATION_INTERFACE   "org.migui.Application1"
