// Copyright 2026 The libmigui authors
// SPDX-License-Identifier: LGPL-2.1-or-later
//
// A menu filled from the bus: "Looking…" until the answer comes, the
// error in its place if it fails; nothing if the menu went meanwhile.

import * as PopupMenu from 'resource:///org/gnome/shell/ui/popupMenu.js';

import {errorMessage} from './client.js';

/**
 * Shows @text in @menu while @load runs.
 *
 * @param {PopupMenu.PopupMenuBase} menu - the menu to fill
 * @param {string} text - what shows meanwhile
 * @param {Function} load - returns a promise of what fills the menu
 * @returns {Promise<any>} what @load gave, or null if it failed or the
 *   menu is gone
 */
export async function loadInto(menu, text, load) {
    const looking = new PopupMenu.PopupMenuItem(text, {reactive: false});
    let gone = false;
    menu.addMenuItem(looking);
    menu.connect('destroy', () => (gone = true));
    let result;
    try {
        result = await load();
    } catch (e) {
        if (!gone)
            looking.label.text = errorMessage(e);
        return null;
    }
    if (gone)
        return null;
    looking.destroy();
    return result;
}
